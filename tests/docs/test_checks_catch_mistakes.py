"""The doc checks fail on the mistakes they exist for, and let correct pages through."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doctools.checks import check_fence, check_header
from tests.doctools.fences import Fence, scan
from tests.doctools.links import BuiltSite
from tests.doctools.pages import discover_pages
from tests.doctools.parity import differences, heading_problems, outline, unmatched_pages
from tests.doctools.snippets import SnippetExpander
from tests.sitebuild import build, scratch_copy

FENCE = "```"


def only_fence(text: str) -> Fence:
    fences = scan(text, "es/synthetic.md").fences
    assert len(fences) == 1, fences
    return fences[0]


def findings_of(text: str, expander: SnippetExpander) -> list[str]:
    fence = only_fence(text)
    return [f.check for f in check_header(fence) + check_fence(fence, expander)]


MISTAKES = {
    "broken-snippet-path": ('```python\n--8<-- "code/no_such_file.py"\n```\n', "snippet"),
    "missing-snippet-section": ('```python\n--8<-- "mkdocs.yml:no-such-section"\n```\n', "snippet"),
    "bash-syntax-error": ("```bash\nif true; then echo yes\n```\n", "bash -n"),
    "shellcheck-finding": (
        '```bash\nfor f in $(ls *.json); do echo "$f"; done\n```\n',
        "shellcheck",
    ),
    "shell-in-a-tab": ('=== "Sandbox"\n\n    ```bash\n    echo "unclosed\n    ```\n', "bash -n"),
    "invalid-hcl": ('```hcl\nresource "aws_s3_bucket" "state" {\n  bucket =\n}\n```\n', "hcl"),
    "invalid-terraform-in-admonition": (
        '!!! note "n"\n    ```terraform\n    variable "x" {\n    ```\n',
        "hcl",
    ),
    "invalid-json": ('```json\n{"user_id": "alice",}\n```\n', "json"),
    "invalid-yaml": ("```yaml\nkey: [unclosed\n```\n", "yaml"),
    "invalid-toml": ("```toml\nkey = \n```\n", "toml"),
    "bare-notest": ('```python notest\nprint("hi")\n```\n', "header"),
    "bare-option-after-title": ('```python title="x.py" notest\nprint("hi")\n```\n', "header"),
    "notest-without-reason": ('```{.python notest}\nprint("hi")\n```\n', "notest"),
    "notest-with-a-plain-comment": (
        '<!-- skip this -->\n```{.python notest}\nprint("hi")\n```\n',
        "notest",
    ),
    "included-code-that-does-not-compile": ('```python\n--8<-- "mkdocs.yml"\n```\n', "python"),
    "inline-python-with-a-macro": ("```python\nprice = {{ cost() }}\n```\n", "python"),
    "empty-mermaid": ("```mermaid\n%% nothing\n```\n", "mermaid"),
    "unknown-mermaid-type": ("```mermaid\nflowgraph LR\n  a --> b\n```\n", "mermaid"),
    "unknown-language": ("```bahs\necho hi\n```\n", "language"),
    "no-language": ("```\necho hi\n```\n", "language"),
    "unclosed-fence": ("```bash\necho hi\n", "header"),
    "step-that-is-not-bash": ("```{ .python .sandbox-step }\nprint(1)\n```\n", "steps"),
    "step-with-a-macro": ('```bash { .sandbox-step }\necho "{{ cost(1) }}"\n```\n', "steps"),
}


@pytest.mark.parametrize(("text", "check"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistake_in_a_fence_is_reported(text: str, check: str, expander: SnippetExpander) -> None:
    assert check in findings_of(text, expander)


CORRECT = {
    "python-inline": '```python\nprint("hi")\n```\n',
    "python-notest-with-reason": (
        '<!-- notest: needs a real AWS account -->\n```{.python notest}\nprint("hi")\n```\n'
    ),
    "python-with-fixture": "```{.python fixture:sessions_table}\nimport os\n```\n",
    "python-included": '```python\n--8<-- "modules/catalog.py"\n```\n',
    "python-titled": '```python title="catalog.py"\n--8<-- "modules/catalog.py"\n```\n',
    "bash": '```bash\nset -euo pipefail\ncd terraform\necho "$API_URL"\n```\n',
    "bash-step": "```bash { .sandbox-step }\necho hi\n```\n",
    "bash-with-a-macro": '```bash\necho "{{ cost(1) }}"\n```\n',
    "hcl": '```hcl\nresource "aws_s3_bucket" "state" {\n  bucket = "x"\n}\n```\n',
    "json": '```json\n{"user_id": "alice", "ttl": 24}\n```\n',
    "json-fragment": '```{ .json .fragment }\n"ttl": 24\n```\n',
    "hcl-fragment": "```{ .hcl .fragment }\n  bucket = \n```\n",
    "yaml": "```yaml\nkey: [a, b]\n```\n",
    "mermaid": "```mermaid\nflowchart LR\n  a --> b\n```\n",
    "text": "```text\nanything { at all\n```\n",
    "nested-backticks": "````markdown\n```bash\nnot a fence here\n```\n````\n",
}


@pytest.mark.parametrize("text", CORRECT.values(), ids=CORRECT.keys())
def test_a_correct_fence_passes(text: str, expander: SnippetExpander) -> None:
    assert findings_of(text, expander) == []


def test_fences_are_found_inside_tabs_admonitions_and_lists() -> None:
    text = (
        '=== "Sandbox"\n\n    ```bash\n    make sandbox\n    ```\n\n'
        '??? tip "t"\n    ```json\n    {}\n    ```\n\n'
        "1.  Step\n\n    ```hcl\n    x = 1\n    ```\n"
    )
    fences = scan(text, "es/synthetic.md").fences
    assert [(f.line, f.lang, f.containers, f.body) for f in fences] == [
        (3, "bash", ('tab "Sandbox"',), ("make sandbox",)),
        (8, "json", ("admonition tip",), ("{}",)),
        (14, "hcl", (), ("x = 1",)),
    ]


def test_fence_attributes_are_read_as_superfences_reads_them() -> None:
    fence = only_fence('```{ .python notest fixture:sessions_table title="a b" }\nx\n```\n')
    assert fence.lang == "python"
    assert fence.header.flags == ("notest", "fixture:sessions_table")
    assert fence.header.options == (("title", "a b"),)
    assert only_fence("```bash { .sandbox-step }\nx\n```\n").has("sandbox-step")


# Translation parity

SOURCE = """---
module: 2
---

# Título { #module-2 }

{{ module_meta() }}

## Pasos { #steps }

```bash
--8<-- "terraform/versions.tf"
```

!!! warning "Cuidado"
    Texto.

=== "Sandbox"
    Texto.
"""


def write_tree(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


TRANSLATION_MISTAKES = {
    "heading-id": (("## Pasos { #steps }", "## Steps { #pasos }"), "heading ids"),
    "heading-level": (("## Pasos { #steps }", "### Steps { #steps }"), "heading ids"),
    "snippet-include": (("terraform/versions.tf", "terraform/outputs.tf"), "includes"),
    "fence-language": (("```bash", "```sh"), "fences"),
    "admonition-type": (('!!! warning "Cuidado"', '!!! note "Careful"'), "admonitions"),
    "macro-call": (("{{ module_meta() }}", "{{ catalog_cards() }}"), "macros"),
    "tab-removed": (('=== "Sandbox"\n    Texto.\n', ""), "tabs"),
    "front-matter": (("module: 2", "module: 3"), "front matter"),
}


@pytest.mark.parametrize(
    ("change", "part"), TRANSLATION_MISTAKES.values(), ids=TRANSLATION_MISTAKES.keys()
)
def test_a_translation_that_drifts_from_its_source_is_reported(
    change: tuple[str, str], part: str
) -> None:
    translation = SOURCE.replace(*change)
    problems = differences(
        outline(scan(SOURCE, "es/p.md")), outline(scan(translation, "en/p.md")), ("es", "en")
    )
    assert [p.split(" differ")[0] for p in problems] == [part]


def test_a_faithful_translation_passes() -> None:
    translation = SOURCE.replace("Título", "Title").replace("Texto", "Text")
    translation = translation.replace('"Cuidado"', '"Careful"').replace("Pasos", "Steps")
    source, translated = outline(scan(SOURCE, "es/p.md")), outline(scan(translation, "en/p.md"))
    assert differences(source, translated, ("es", "en")) == []


STEP_SOURCE = """# Título { #t }

```bash { .sandbox-step }
source .venv/bin/activate
export COURSE_LANG=es  # (1)!
course sandbox status
```

```text { .expected-output }
en marcha en http://127.0.0.1:... (pid ...)
```
"""


def step_problems(translation: str) -> list[str]:
    source, translated = (
        outline(scan(STEP_SOURCE, "es/p.md")),
        outline(scan(translation, "en/p.md")),
    )
    return [p.split(" differ")[0] for p in differences(source, translated, ("es", "en"))]


def test_a_step_may_set_the_translation_s_own_language_and_nothing_else() -> None:
    assert step_problems(STEP_SOURCE.replace("COURSE_LANG=es", "COURSE_LANG=en")) == []


@pytest.mark.parametrize(
    "change",
    [
        ("COURSE_LANG=es", "COURSE_LANG=es"),  # the English page left in Spanish
        ("COURSE_LANG=es", "COURSE_LANG=fr"),
        ("COURSE_LANG=es  # (1)!", "COURSE_LANG=en LANG=C  # (1)!"),
        ("course sandbox status", "course sandbox status --lang en"),
        ("en marcha en", "running at"),  # outputs are the source page's run, never translated
    ],
    ids=["source-language", "other-language", "more-on-the-line", "flag", "expected-output"],
)
def test_any_other_difference_in_a_step_is_reported(change: tuple[str, str]) -> None:
    assert step_problems(STEP_SOURCE.replace(*change)) == ["steps"]


def test_a_missing_translation_is_reported(tmp_path: Path) -> None:
    docs = write_tree(tmp_path, {"es/index.md": SOURCE, "en/index.md": SOURCE, "es/extra.md": ""})
    assert unmatched_pages(discover_pages(docs, ("es", "en")), ("es", "en")) == [
        "extra.md is missing in en"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# Title\n\n## Part { #part }\n", "has no explicit"),
        ("# Title { #t }\n\n## Part\n", "has no explicit"),
        ("# Title { #t }\n\n## A { #a }\n\n## B { #a }\n", "used 2 times"),
        ("## Part { #part }\n", "exactly one H1"),
    ],
    ids=["h1-without-id", "h2-without-id", "duplicate-id", "no-h1"],
)
def test_a_heading_without_a_unique_explicit_id_is_reported(text: str, problem: str) -> None:
    problems = heading_problems(scan(text, "es/p.md"))
    assert any(problem in p for p in problems), problems


def test_headings_in_fences_are_not_headings() -> None:
    page = scan("# Title { #t }\n\n```bash\n# a comment\n```\n", "es/p.md")
    assert heading_problems(page) == []


# Links of the built site

LINKING_PAGE = """<html><body>
<h2 id="here">Here</h2>
<a href="#here">ok</a>
<a href="other/">ok</a>
<a href="other/#there">ok</a>
<a href="https://docs.aws.amazon.com/">ok</a>
{broken}
</body></html>"""


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ('<a href="#nowhere">x</a>', "no id 'nowhere'"),
        ('<a href="other/#nowhere">x</a>', "no id 'nowhere' in other/index.html"),
        ('<a href="missing/">x</a>', "no file missing/index.html"),
        ('<img src="img/missing.png">', "no file img/missing.png"),
        ('<a href="http://example.com/">x</a>', "https"),
        ('<a href="https://github.com/edgar-macias-se/aws_road">x</a>', "original course"),
    ],
    ids=["anchor", "anchor-on-other-page", "page", "image", "plain-http", "original-course"],
)
def test_a_broken_link_in_the_built_site_is_reported(
    tmp_path: Path, broken: str, reason: str
) -> None:
    write_tree(
        tmp_path,
        {
            "index.html": LINKING_PAGE.format(broken=broken),
            "other/index.html": '<p id="there"></p><a href="../#here">back</a>',
        },
    )
    site = BuiltSite(tmp_path)
    report = site.check_page("index.html")
    assert report.checked == 5
    assert [reason in p.reason for p in report.problems] == [True], report.problems
    assert site.check_page("other/index.html").problems == []


def test_a_broken_anchor_in_a_page_fails_the_strict_build(tmp_path: Path) -> None:
    project = scratch_copy(tmp_path / "project")
    page = project / "docs/en/reference/glossary.md"
    page.write_text(page.read_text() + "\nSee [the costs](costs.md#no-such-heading).\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-heading" in result.stderr


def test_a_language_switcher_that_leaves_the_page_is_caught(tmp_path: Path) -> None:
    switcher = '<a hreflang="es" href="./">es</a><a hreflang="en" href="../../en/">en</a>'
    write_tree(tmp_path, {"modules/a/index.html": switcher, "en/index.html": "<p></p>"})
    targets = BuiltSite(tmp_path).language_targets("modules/a/index.html")
    assert targets == {"es": "modules/a/index.html", "en": "en/index.html"}
    assert targets["en"] != "en/modules/a/index.html"  # what the switcher test expects
