"""`pytest --markdown-docs` with the project plugin runs every inline Python fence in a sandbox."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.doctools.config import ROOT

PAGE = """# Page { #page }

```python
total = 1 + 1
assert total == 2
```

=== "Sandbox"

    ```python
    raise RuntimeError("a fence inside a tab runs too")
    ```

!!! note "Sandbox only"
    ```{.python fixture:sessions_table}
    import os

    import boto3

    assert os.environ["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    table = boto3.client("dynamodb").describe_table(TableName=os.environ["DYNAMODB_TABLE_NAME"])
    assert table["Table"]["KeySchema"] == [{"AttributeName": "session_id", "KeyType": "HASH"}]
    ```

```python
--8<-- "modules/catalog.py"
```

<!-- notest: shows a failure on purpose -->
```{.python notest}
raise SystemExit(1)
```
"""

NOTHING_TO_RUN = """# Page { #page }

```python
--8<-- "modules/catalog.py"
```

```bash
echo "not Python"
```
"""


def run_markdown_docs(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the same command as `make test-docs`, on another folder."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.doctools.markdown_plugin",
            "--markdown-docs",
            "--markdown-docs-syntax=superfences",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            str(folder),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_inline_fence_runs_in_the_sandbox_and_included_code_does_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    result = run_markdown_docs(tmp_path)
    assert re.search(r"\b1 failed, 2 passed\b", result.stdout), result.stdout
    assert "a fence inside a tab runs too" in result.stdout
    assert "Python fences: 3 run, 1 notest, 1 included, 0 unrendered" in result.stdout


def test_pages_without_inline_python_pass(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(NOTHING_TO_RUN, encoding="utf-8")
    result = run_markdown_docs(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Python fences: 0 run, 0 notest, 1 included" in result.stdout
