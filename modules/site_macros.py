"""Macros for the pages (mkdocs-macros): the catalog, and each area's own macros."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from bench import macros as bench_macros
from modules import catalog, support
from modules.api_reference import load_spec, render
from modules.checks import macros as checks_macros
from modules.learner import macros as learner_macros
from modules.pricing import macros as pricing_macros

LABELS = {
    "es": {
        "level": "Nivel",
        "time": "Tiempo",
        "minutes": "min",
        "prerequisites": "Requisitos",
        "none": "ninguno",
        "module": "Módulo",
        "output": "Salida",
    },
    "en": {
        "level": "Level",
        "time": "Time",
        "minutes": "min",
        "prerequisites": "Prerequisites",
        "none": "none",
        "module": "Module",
        "output": "Output",
    },
}


def page_language(page: Any) -> str:
    """Return the language of a page from its folder (docs/es/..., docs/en/...)."""
    src = page.file.src_uri if page is not None else ""
    first = src.split("/", 1)[0]
    return first if first in catalog.LANGUAGES else "es"


def relative_module_link(from_page: str, target: catalog.CourseModule) -> str:
    """Link from a page (path inside a language folder) to a module page."""
    depth = from_page.count("/")
    return "../" * depth + target.page


def module_header(number: int, lang: str, from_page: str) -> str:
    """Render the level, time and linked prerequisites of one module."""
    labels = LABELS[lang]
    mod = catalog.module(number)
    if mod.prerequisites:
        prereqs = ", ".join(
            f"[{labels['module']} {p}: {catalog.module(p).title[lang]}]"
            f"({relative_module_link(from_page, catalog.module(p))})"
            for p in mod.prerequisites
        )
    else:
        prereqs = labels["none"]
    return (
        f"**{labels['level']}:** {catalog.LEVELS[mod.level][lang]} · "
        f"**{labels['time']}:** {mod.minutes} {labels['minutes']} · "
        f"**{labels['prerequisites']}:** {prereqs}"
    )


def module_cards(lang: str, from_page: str) -> str:
    """Render every module as a Material grid card."""
    labels = LABELS[lang]
    cards = []
    for mod in catalog.MODULES:
        prereqs = ", ".join(str(p) for p in mod.prerequisites) or labels["none"]
        cards.append(
            f"-   **{labels['module']} {mod.number} · "
            f"[{mod.title[lang]}]({relative_module_link(from_page, mod)})**\n\n"
            "    ---\n\n"
            f"    {mod.summary[lang]}\n\n"
            f"    {catalog.LEVELS[mod.level][lang]} · {mod.minutes} {labels['minutes']} · "
            f"{labels['prerequisites']}: {prereqs}\n"
        )
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


SUPPORT_PAGE = "reference/support.md"
# A warning on an `mkdocs.*` logger stops `mkdocs build --strict`.
LOG = logging.getLogger("mkdocs.plugins.course")


def missing_translations(docs_dir: Path, languages: tuple[str, ...]) -> list[str]:
    """Every page that exists in some language folder but not in all of them."""
    present: dict[str, set[str]] = {}
    for lang in languages:
        for path in (docs_dir / lang).rglob("*.md"):
            present.setdefault(path.relative_to(docs_dir / lang).as_posix(), set()).add(lang)
    return [
        f"docs/{lang}/{rel} is missing (docs/{sorted(langs)[0]}/{rel} exists)"
        for rel, langs in sorted(present.items())
        for lang in languages
        if lang not in langs
    ]


# The header of an expected-output fence, wherever it is indented (tabs, admonitions, lists).
EXPECTED_OUTPUT_FENCE = re.compile(
    r"^(?P<lead>[ \t>]*)(?P<ticks>`{3,}|~{3,})text \{ \.expected-output \}[ \t]*$", re.M
)


def label_expected_outputs(markdown: str, lang: str) -> str:
    """Give every expected-output block a visible label and no copy button.

    A reader copies commands, never their output: `.no-copy` makes Material leave the button
    out, and the title says in the page's language that the block is what the command prints.
    """
    title = LABELS[lang]["output"]
    return EXPECTED_OUTPUT_FENCE.sub(
        lambda m: f'{m["lead"]}{m["ticks"]}text {{ .expected-output .no-copy title="{title}" }}',
        markdown,
    )


def on_post_page_macros(env: Any) -> None:
    """Label the page's expected outputs once its macros are rendered (mkdocs-macros hook)."""
    env.markdown = label_expected_outputs(env.markdown, page_language(env.page))


def on_post_build(env: Any) -> None:
    """Warn about every page missing in a language: `mkdocs build --strict` then stops."""
    for problem in missing_translations(Path(env.conf["docs_dir"]), catalog.LANGUAGES):
        LOG.warning("translation: %s", problem)


def define_env(env: Any) -> None:
    """Register the macros; mkdocs-macros calls this once per build."""

    def current() -> tuple[str, str]:
        page = env.page
        lang = page_language(page)
        path = page.file.src_uri.split("/", 1)[1] if "/" in page.file.src_uri else ""
        return lang, path

    pricing_macros.register(env, current)
    checks_macros.register(env, current)
    bench_macros.register(env, current)
    learner_macros.register(env, current)

    @env.macro
    def module_meta() -> str:
        """Header of a module page, from its front matter `module: N`."""
        lang, path = current()
        return module_header(int(env.page.meta["module"]), lang, path)

    @env.macro
    def support_table() -> str:
        """What the course relies on and until when (modules/support.py)."""
        return support.table_markdown(current()[0])

    @env.macro
    def support_note(key: str) -> str:
        """Say that this page depends on an entry of the support table."""
        lang, path = current()
        return support.note_markdown(key, lang, "../" * path.count("/") + SUPPORT_PAGE)

    @env.macro
    def api_reference() -> str:
        """The session API's reference, from code/openapi.yaml, in the page's language."""
        return render(load_spec(), current()[0])

    @env.macro
    def catalog_cards() -> str:
        lang, path = current()
        return module_cards(lang, path)
