"""A translation records which version of its source it translates, and goes stale with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doctools.fences import scan
from tests.doctools.inventory import inventory
from tests.doctools.pages import Page
from tests.doctools.staleness import (
    KEY,
    changed_sections,
    main,
    section_hashes,
    stale_sections,
    with_hashes,
)

PAIRS = inventory().translations()


@pytest.mark.parametrize(
    ("source", "translation"), PAIRS, ids=[translation.id for _, translation in PAIRS]
)
def test_translation_is_in_line_with_its_source(source: Page, translation: Page) -> None:
    stale = stale_sections(source, translation)
    assert not stale, (
        f"{source.id} changed since {translation.id} was brought in line: {', '.join(stale)}. "
        f"Update the translation, then run "
        f"`.venv/bin/python -m tests.doctools.staleness --refresh {translation.id}`"
    )


SOURCE = """---
module: 1
---

# Título { #top }

Intro.

## Objetivos { #goals }

- uno

## Pasos { #steps }

Paso.
"""
TRANSLATION = """---
module: 1
title: Kept
---

# Title { #top }
"""


def pages(tmp_path: Path, source: str, translation: str) -> tuple[Page, Page]:
    (tmp_path / "es").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "es" / "p.md").write_text(source, encoding="utf-8")
    (tmp_path / "en" / "p.md").write_text(translation, encoding="utf-8")
    return Page("es", "p.md", tmp_path / "es" / "p.md"), Page(
        "en", "p.md", tmp_path / "en" / "p.md"
    )


def hashes(text: str) -> dict[str, str]:
    return section_hashes(scan(text, "es/p.md"), text)


def test_each_section_has_its_own_hash() -> None:
    found = hashes(SOURCE)
    assert list(found) == ["top", "goals", "steps"]
    changed = hashes(SOURCE.replace("- uno", "- dos"))
    assert [sid for sid in found if found[sid] != changed[sid]] == ["goals"]


def test_a_changed_source_names_the_sections_that_differ(tmp_path: Path) -> None:
    recorded = with_hashes(TRANSLATION, hashes(SOURCE))
    source, translation = pages(tmp_path, SOURCE, recorded)
    assert stale_sections(source, translation) == []
    source.path.write_text(
        SOURCE.replace("- uno", "- dos").replace("## Pasos { #steps }", "## Fin { #end }"),
        encoding="utf-8",
    )
    assert stale_sections(source, translation) == [
        "#goals changed",
        "#end is new",
        "#steps was removed",
    ]


def test_a_translation_without_a_record_is_stale() -> None:
    assert changed_sections(None, {"top": "00000000"}) != []


def test_refreshing_keeps_the_rest_of_the_front_matter() -> None:
    once = with_hashes(TRANSLATION, {"top": "11111111"})
    twice = with_hashes(once, {"top": "22222222", "goals": "33333333"})
    front = scan(twice, "en/p.md").front_matter
    assert front == {"module": 1, "title": "Kept", KEY: {"top": "22222222", "goals": "33333333"}}
    assert twice.endswith("# Title { #top }\n")


def test_the_command_refuses_a_page_that_is_not_a_translation() -> None:
    assert main(["--refresh", "es/index.md"]) == 2
