"""Each translation keeps its source page's skeleton: pages, heading ids, code, blocks, macros."""

from __future__ import annotations

import pytest

from tests.doctools.inventory import Inventory, inventory
from tests.doctools.pages import Page
from tests.doctools.parity import differences, heading_problems, outline, unmatched_pages

PAGES = inventory().pages
PAIRS = inventory().translations()


def test_every_page_exists_in_every_language(pages: Inventory) -> None:
    missing = unmatched_pages(list(pages.pages), pages.config.languages)
    assert not missing, "\n".join(missing)


def test_the_site_has_every_language_of_the_config(pages: Inventory) -> None:
    assert {page.lang for page in pages.pages} == set(pages.config.languages)


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_heading_has_an_explicit_unique_id(page: Page, pages: Inventory) -> None:
    problems = heading_problems(pages.scans[page.id])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "translation"), PAIRS, ids=[translation.id for _, translation in PAIRS]
)
def test_translation_keeps_the_outline_of_its_source(
    source: Page, translation: Page, pages: Inventory
) -> None:
    problems = differences(
        outline(pages.scans[source.id]),
        outline(pages.scans[translation.id]),
        (source.id, translation.id),
    )
    assert not problems, "\n".join(problems)
