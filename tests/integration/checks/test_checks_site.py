"""`{{ checks_list(N) }}` renders in the strict build, in each page's own language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from modules.catalog import LANGUAGES, MODULES
from modules.checks import checks_for

TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)


def rendered(title: str) -> str:
    """Return a check title as the page shows it: Markdown code spans become <code>."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", title)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("mod", MODULES, ids=lambda m: f"module-{m.number}")
def test_the_checks_table_is_rendered_in_the_page_language(
    built_site: Path, mod, lang: str
) -> None:
    prefix = "" if lang == "es" else "en/"
    page = built_site / prefix / mod.page.removesuffix(".md") / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    # Only the tables: a page may quote `course verify` output, which has a language of its own.
    tables = "\n".join(TABLE.findall(text))
    other = "en" if lang == "es" else "es"
    for check in checks_for(mod.number):
        assert rendered(check.title.in_(lang)) in tables
        assert rendered(check.title.in_(other)) not in tables
        assert f"<code>{check.id}</code>" in tables
    assert f"<code>course verify {mod.number} --target aws</code>" in text
