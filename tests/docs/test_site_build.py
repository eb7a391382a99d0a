"""The strict build passes, and fails on the mistakes it must catch."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.i18n_site import split_index
from modules.catalog import LANGUAGES, MODULES
from tests.doctools.config import ROOT, _TolerantLoader
from tests.doctools.inventory import inventory
from tests.sitebuild import build, scratch_copy, shallow_clone


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


# ---- each language is a site of its own: search, sitemap, titles, theme strings ----

DEFAULT = LANGUAGES[0]
SITE_NAME = "AWS Zero to Architect"
LABELS = re.compile(r'<div class="tabbed-labels">(.*?)</div>', re.S)
LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>")


def folder(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


def search_index(site: Path, lang: str) -> dict[str, Any]:
    return json.loads((site / folder(lang) / "search/search_index.json").read_text("utf-8"))


def built_pages(lang: str) -> list[str]:
    pages = inventory().pages
    return [inventory().built(page) for page in pages if page.lang == lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_searches_its_own_pages_only(built_site: Path, lang: str) -> None:
    index = search_index(built_site, lang)
    titles = {doc["title"] for doc in index["docs"]}
    assert index["config"]["lang"] == [lang]
    for mod in MODULES:
        assert mod.title[lang] in titles
        others = {mod.title[other] for other in LANGUAGES if other != lang} - {mod.title[lang]}
        assert not others & titles, f"{others & titles} in the {lang} index"
    # Locations are relative to the language's folder, where its pages' search looks.
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        assert (built_site / folder(lang) / page / "index.html").is_file(), doc["location"]


def test_split_index_keeps_every_entry_once() -> None:
    merged = {
        "config": {"lang": ["es", "en"], "separator": "[\\s]+"},
        "docs": [
            {"location": "", "title": "Inicio", "text": ""},
            {"location": "modules/a/#x", "title": "A", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/modules/a/#x", "title": "A", "text": ""},
        ],
    }
    split = split_index(merged, ["en"], "es")
    assert [d["location"] for d in split[""]["docs"]] == ["", "modules/a/#x"]
    assert [d["location"] for d in split["en"]["docs"]] == ["", "modules/a/#x"]
    assert split["en"]["config"] == {"lang": ["en"], "separator": "[\\s]+"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_excerpts_keep_tab_labels_apart(built_site: Path, lang: str) -> None:
    text = " ".join(doc["text"] for doc in search_index(built_site, lang)["docs"])
    pairs = set()
    for page in built_pages(lang):
        for group in LABELS.findall((built_site / page).read_text("utf-8")):
            labels = [label.strip() for label in LABEL.findall(group)]
            pairs |= {a + b for a, b in itertools.pairwise(labels)}
    assert pairs, "no tabs found: the check would prove nothing"
    assert sorted(pair for pair in pairs if pair in text) == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_language_folder_has_the_sitemap_the_language_selector_reads(
    built_site: Path, lang: str
) -> None:
    root = (built_site / "sitemap.xml").read_text("utf-8")
    assert (built_site / lang / "sitemap.xml").read_text("utf-8") == root


def test_pages_carry_no_alternate_links_for_material_to_probe(built_site: Path) -> None:
    for page in [*(p for lang in LANGUAGES for p in built_pages(lang)), "404.html"]:
        assert '<link rel="alternate"' not in (built_site / page).read_text("utf-8"), page


def test_page_titles_follow_one_pattern_in_every_language(built_site: Path) -> None:
    pages = inventory().pages
    for page in pages:
        if page.lang != DEFAULT:
            continue
        shapes = set()
        for other in (p for p in pages if p.rel == page.rel):
            (title,) = TITLE.findall((built_site / inventory().built(other)).read_text("utf-8"))
            shapes.add("name" if title == SITE_NAME else title.endswith(f" - {SITE_NAME}"))
        assert len(shapes) == 1, f"{page.rel}: {shapes}"


def theme_strings() -> dict[str, set[str]]:
    """What mkdocs.yml says each language's palette toggles and copyright read."""
    raw = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_TolerantLoader)
    (i18n,) = [p["i18n"] for p in raw["plugins"] if isinstance(p, dict) and "i18n" in p]
    strings = {}
    for language in i18n["languages"]:
        theme = language.get("theme", raw["theme"])
        names = {scheme["toggle"]["name"] for scheme in theme["palette"]}
        strings[language["locale"]] = names | {language.get("copyright", raw["copyright"])}
    return strings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_strings_are_in_the_pages_language(built_site: Path, lang: str) -> None:
    strings = theme_strings()
    foreign = set().union(*(s for other, s in strings.items() if other != lang)) - strings[lang]
    for page in built_pages(lang):
        html = (built_site / page).read_text("utf-8")
        assert f'<html lang="{lang}"' in html
        assert all(text in html for text in strings[lang]), page
        assert not [text for text in foreign if text in html], page


# ---- where each page comes from: date, edit link, addresses ----

EDIT_LINK = re.compile(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"')
DATE = re.compile(r'git-revision-date-localized-plugin-date"[^>]*>([^<]+)<')


def test_every_page_shows_its_last_update_and_links_to_its_source(built_site: Path) -> None:
    raw = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_TolerantLoader)
    edit_base = raw["repo_url"].rstrip("/") + "/" + raw["edit_uri"]
    for page in inventory().pages:
        html = (built_site / inventory().built(page)).read_text("utf-8")
        assert DATE.search(html), f"{page.id} shows no last-update date"
        (link,) = EDIT_LINK.findall(html)
        assert link.startswith(edit_base), link
        assert (ROOT / "docs" / link.removeprefix(edit_base)) == page.path


def commit_dated(folder: Path, date: str, *, leave_out: str) -> None:
    """Make folder a git repository with one commit, of author date date, of all but leave_out."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run([*git, "init", "--quiet"], cwd=folder, check=True)
    subprocess.run([*git, "add", "."], cwd=folder, check=True)
    subprocess.run([*git, "rm", "--cached", "--quiet", leave_out], cwd=folder, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "pages"], cwd=folder, env=env, check=True)


def built_date(site: Path, page: str) -> str:
    match = DATE.search((site / page).read_text("utf-8"))
    assert match, f"{page} shows no last-update date"
    return match.group(1)


def test_addresses_come_from_the_environment_and_dates_from_git(tmp_path: Path) -> None:
    # One build, three sources of a date: the Spanish pages are a git repository whose one
    # commit is dated 2020 (one page left uncommitted); the English pages are in no repository.
    project = scratch_copy(tmp_path / "project")
    commit_dated(project / "docs" / "es", "2020-01-02T12:00:00+00:00", leave_out="index.md")
    env = {
        "SITE_URL": "https://example.org/course/",
        "REPO_URL": "https://example.org/team/c",
        "EDIT_URI": "edit/release/docs/",
    }
    result = build(project, tmp_path / "site", env)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site/en/modules/3-lambda/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://example.org/course/en/modules/3-lambda/">' in html
    assert 'href="https://example.org/team/c/edit/release/docs/en/modules/3-lambda.md"' in html
    this_year = str(datetime.now(UTC).year)
    assert built_date(tmp_path / "site", "modules/3-lambda/index.html") == "2 de enero de 2020"
    assert this_year in built_date(tmp_path / "site", "index.html")  # not committed
    assert this_year in built_date(tmp_path / "site", "en/modules/3-lambda/index.html")  # no git


def test_a_shallow_clone_with_uncommitted_pages_builds(tmp_path: Path) -> None:
    project = shallow_clone(tmp_path / "clone")
    untracked = ["docs/es/reference/glossary.md", "docs/en/reference/glossary.md"]
    subprocess.run(["git", "rm", "--cached", "--quiet", *untracked], cwd=project, check=True)
    # On a GitHub runner the plugin warns about any one-commit shallow clone, which fails a
    # strict build: right for the publishing workflow, not for this test of the build itself.
    result = build(project, tmp_path / "site", unset=("GITHUB_ACTIONS",))
    assert result.returncode == 0, result.stderr[-3000:]
    assert DATE.search((tmp_path / "site/en/reference/glossary/index.html").read_text("utf-8"))


# ---- the print edition ----


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_edition_holds_the_whole_course_in_one_language(built_site: Path, lang: str) -> None:
    html = (built_site / folder(lang) / "print_page/index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in html
    for mod in MODULES:
        assert mod.title[lang] in html
        others = {mod.title[other] for other in LANGUAGES if other != lang} - {mod.title[lang]}
        assert not [title for title in others if title in html]


# What building the site must never import: the function's runtime, the emulator, the chart.
NOT_FOR_THE_SITE = ("awslambdaric", "moto", "matplotlib", "playwright")


def test_building_the_site_imports_neither_the_runtime_nor_the_sandbox(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    # sitecustomize runs at start-up: from then on, importing any of these fails the build.
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {NOT_FOR_THE_SITE!r}:\n"
        "            raise ModuleNotFoundError(f'the site must not import {name}')\n"
        "sys.meta_path.insert(0, Refuse())\n",
        encoding="utf-8",
    )
    path = os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])
    result = build(ROOT, tmp_path / "site", env={"PYTHONPATH": path})
    assert result.returncode == 0, result.stderr[-3000:]
