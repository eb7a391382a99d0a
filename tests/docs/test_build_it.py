"""Every module page says how to build its part in the reader's project, file by file."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from modules.catalog import LANGUAGES, MODULES
from modules.learner.curriculum import LAST_MODULE
from modules.learner.macros import module_changes

BUILT = [mod for mod in MODULES if mod.number <= LAST_MODULE]
CHANGED = {"es": "cambia", "en": "changes"}


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def build_it_section(built_site: Path, page: str, lang: str) -> str:
    prefix = "" if lang == "es" else "en/"
    text = (built_site / prefix / page.removesuffix(".md") / "index.html").read_text()
    assert 'id="build-it"' in text, f"{lang} {page} has no build-it section"
    return text[text.index('id="build-it"') : text.index('id="steps"')]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("mod", BUILT, ids=lambda mod: str(mod.number))
def test_the_build_it_section_brings_the_modules_files(built_site: Path, mod, lang: str) -> None:
    section = build_it_section(built_site, mod.page, lang)
    command = "course init" if mod.number == 0 else f"course start {mod.number}"
    assert command in text_of(section)
    summaries = [text_of(s) for s in re.findall(r"<summary>(.*?)</summary>", section)]
    expected = [
        f"{file.path} ({CHANGED[lang]})" if changed else file.path
        for file, changed in module_changes(mod.number)
    ]
    assert summaries == expected
