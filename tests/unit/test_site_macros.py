"""The site's own hooks: expected outputs read as output, a missing translation is reported."""

from __future__ import annotations

from pathlib import Path

from modules.site_macros import label_expected_outputs, missing_translations

PAGE = """Run it:

```bash { .sandbox-step }
echo hi
```

=== "Sandbox"

    ```text { .expected-output }
    hi
    ```

```text
not an output
```
"""


def test_every_expected_output_gets_a_label_and_loses_its_copy_button() -> None:
    labelled = label_expected_outputs(PAGE, "en")
    assert labelled.count('```text { .expected-output .no-copy title="Output" }') == 1
    assert '    ```text { .expected-output .no-copy title="Output" }\n    hi' in labelled
    assert "```bash { .sandbox-step }" in labelled
    assert "```text\nnot an output" in labelled
    assert 'title="Salida"' in label_expected_outputs(PAGE, "es")


def test_a_page_missing_in_one_language_is_named(tmp_path: Path) -> None:
    for rel in ("es/index.md", "en/index.md", "es/modules/1.md", "en/reference/x.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n")
    assert missing_translations(tmp_path, ("es", "en")) == [
        "docs/en/modules/1.md is missing (docs/es/modules/1.md exists)",
        "docs/es/reference/x.md is missing (docs/en/reference/x.md exists)",
    ]
