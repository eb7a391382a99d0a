"""Compare a page with its translation: what must match whatever the language."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, fields

from tests.doctools.fences import PageScan
from tests.doctools.pages import Page

# Front matter keys whose values are prose, so they are translated, and the record of which
# version of its source a translation translates (tests/doctools/staleness.py).
TRANSLATED_KEYS = frozenset({"title", "description", "source_sections"})

# The one thing a step says differently in a translation: the language `course` answers in,
# on a line of its own (`export COURSE_LANG=en` on an English page). Only the page's own
# language is read as that; any other value, or anything else on the line, still differs.
COURSE_LANG_LINE = re.compile(
    r"^(?P<lead>[ \t]*export COURSE_LANG=)(?P<lang>[a-z]+)(?P<rest>[ \t]*(?:#.*)?)$", re.MULTILINE
)


def language_neutral(step: str, lang: str) -> str:
    """Return a step's text with `export COURSE_LANG=<lang>` read as the page's language."""
    return COURSE_LANG_LINE.sub(
        lambda m: f"{m['lead']}<page language>{m['rest']}" if m["lang"] == lang else m[0], step
    )


@dataclass(frozen=True)
class Outline:
    """The language-independent skeleton of a page."""

    heading_ids: tuple[str, ...]  # "h2 #goals"
    includes: tuple[str, ...]
    fences: tuple[str, ...]  # "bash .sandbox-step", "python notest"
    admonitions: tuple[str, ...]  # "!!! warning"
    tabs: tuple[str, ...]  # the tab markers, labels are translated
    macros: tuple[str, ...]
    steps: tuple[str, ...]  # sandbox steps and expected outputs run once, so they are identical
    front_matter: tuple[str, ...]


def outline(scan: PageScan) -> Outline:
    """Return the skeleton of a scanned page (named lang/path, as Page.id names it)."""
    lang = scan.page.split("/", 1)[0]
    fences = []
    steps = []
    for fence in scan.fences:
        marks = sorted(f".{c}" for c in fence.header.classes) + sorted(fence.header.flags)
        fences.append(" ".join([fence.lang, *marks]))
        if fence.has("sandbox-step"):
            steps.append(language_neutral(fence.content, lang))
        elif fence.has("expected-output"):
            steps.append(fence.content)
    return Outline(
        heading_ids=tuple(f"h{h.level} #{h.id}" for h in scan.headings),
        includes=scan.includes,
        fences=tuple(fences),
        admonitions=tuple(f"{b.marker} {b.label}" for b in scan.blocks if b.kind == "admonition"),
        tabs=tuple(b.marker for b in scan.blocks if b.kind == "tab"),
        macros=scan.macros,
        steps=tuple(steps),
        front_matter=tuple(
            f"{key}: {value!r}"
            for key, value in sorted(scan.front_matter.items())
            if key not in TRANSLATED_KEYS
        ),
    )


def differences(source: Outline, translation: Outline, names: tuple[str, str]) -> list[str]:
    """Describe every part of the outlines that differs, as a short diff per part."""
    problems = []
    for part in fields(Outline):
        left, right = getattr(source, part.name), getattr(translation, part.name)
        if left != right:
            diff = difflib.unified_diff(
                [str(item) for item in left],
                [str(item) for item in right],
                fromfile=names[0],
                tofile=names[1],
                lineterm="",
                n=1,
            )
            problems.append(f"{part.name.replace('_', ' ')} differ:\n" + "\n".join(diff))
    return problems


def heading_problems(scan: PageScan) -> list[str]:
    """Every heading needs an explicit, unique id: links and translations rely on it."""
    problems = [
        f"{scan.page}:{h.line}: heading {h.text!r} has no explicit {{ #id }}"
        for h in scan.headings
        if not h.id
    ]
    counts = Counter(h.id for h in scan.headings if h.id)
    problems += [f"{scan.page}: id #{hid} is used {n} times" for hid, n in counts.items() if n > 1]
    if sum(1 for h in scan.headings if h.level == 1) != 1:
        problems.append(f"{scan.page}: a page has exactly one H1")
    return problems


def unmatched_pages(pages: list[Page], languages: tuple[str, ...]) -> list[str]:
    """Return a line for every page that is missing in some language."""
    present: dict[str, set[str]] = {}
    for page in pages:
        present.setdefault(page.rel, set()).add(page.lang)
    return [
        f"{rel} is missing in {', '.join(lang for lang in languages if lang not in langs)}"
        for rel, langs in sorted(present.items())
        if langs != set(languages)
    ]
