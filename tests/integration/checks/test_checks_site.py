"""`{{ checks_list(N) }}` renders in a strict build, in each page's own language."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from modules.catalog import LANGUAGES
from modules.checks import checks_for
from tests.sitebuild import build, scratch_copy

PAGE = "modules/2-iam-dynamodb.md"


@pytest.fixture(scope="module")
def site_with_checks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with module 2's checks appended to its page in both languages."""
    root = tmp_path_factory.mktemp("checks-site")
    project = scratch_copy(root / "project")
    for lang in LANGUAGES:
        page = project / "docs" / lang / PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\n{{ checks_list(2) }}\n")
    result = build(project, root / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "site"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_checks_table_is_rendered_in_the_page_language(
    site_with_checks: Path, lang: str
) -> None:
    prefix = "" if lang == "es" else "en/"
    page = site_with_checks / prefix / PAGE.removesuffix(".md") / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert "<table>" in text
    other = "en" if lang == "es" else "es"
    for check in checks_for(2):
        title = check.title.in_(lang).split("`", 1)[0].strip()
        assert title in text
        assert check.title.in_(other).split("`", 1)[0].strip() not in text
        assert f"<code>{check.id}</code>" in text
    assert "<code>course verify 2 --target aws</code>" in text
