"""The strict build passes, and fails on the mistakes it must catch."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.catalog import LANGUAGES, MODULES
from tests.sitebuild import build, scratch_copy


def test_site_builds_both_languages(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "en" / "index.html").is_file()
    for mod in MODULES:
        page = mod.page.removesuffix(".md")
        assert (built_site / page / "index.html").is_file()
        assert (built_site / "en" / page / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_shows_every_module_from_the_catalog(built_site: Path, lang: str) -> None:
    home = built_site / ("index.html" if lang == "es" else "en/index.html")
    html = home.read_text(encoding="utf-8")
    for mod in MODULES:
        assert mod.title[lang] in html
        assert f"{mod.minutes} min" in html


@pytest.mark.parametrize("page", ["reference/glossary.md", "modules/3-lambda.md"])
def test_missing_translation_fails_the_build(tmp_path: Path, page: str) -> None:
    project = scratch_copy(tmp_path / "project")
    (project / "docs/en" / page).unlink()
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/en/{page} is missing" in result.stderr


def test_broken_snippet_path_fails_the_build(tmp_path: Path) -> None:
    project = scratch_copy(tmp_path / "project")
    page = project / "docs/es/reference/glossary.md"
    page.write_text(page.read_text() + '\n```python\n--8<-- "code/no_such_file.py"\n```\n')
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no_such_file.py" in result.stderr


def test_undefined_macro_fails_the_build(tmp_path: Path) -> None:
    project = scratch_copy(tmp_path / "project")
    page = project / "docs/en/reference/glossary.md"
    page.write_text(page.read_text() + "\n{{ no_such_macro() }}\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
