"""Every link of the built site, in both languages, reaches a file and an anchor that exist."""

from __future__ import annotations

import pytest

from tests.doctools.inventory import Inventory, inventory
from tests.doctools.links import BuiltSite, external_problem
from tests.doctools.pages import Page

PAGES = inventory().pages


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_link_of_the_built_page_resolves(
    page: Page, pages: Inventory, built_html: BuiltSite
) -> None:
    report = built_html.check_page(pages.built(page))
    assert report.checked, f"{pages.built(page)} has no links at all: is it the built page?"
    assert not report.problems, "\n".join(str(problem) for problem in report.problems)


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_language_switcher_leads_to_the_same_page_in_each_language(
    page: Page, pages: Inventory, built_html: BuiltSite
) -> None:
    expected = {other.lang: pages.built(other) for other in pages.pages if other.rel == page.rel}
    assert built_html.language_targets(pages.built(page)) == expected


def test_every_link_of_the_not_found_page_resolves(built_html: BuiltSite) -> None:
    report = built_html.check_page("404.html")
    assert not report.problems, "\n".join(str(problem) for problem in report.problems)


def test_every_built_page_comes_from_a_page_of_the_docs(
    pages: Inventory, built_html: BuiltSite
) -> None:
    print_editions = {
        ("" if lang == pages.config.default_language else f"{lang}/") + "print_page/index.html"
        for lang in pages.config.languages
    }
    expected = {pages.built(page) for page in pages.pages} | {"404.html"} | print_editions
    assert set(built_html.html_pages()) == expected


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://docs.aws.amazon.com/lambda/", True),
        ("http://127.0.0.1:8000/", True),
        ("http://docs.aws.amazon.com/lambda/", False),
        ("https://github.com/edgar-macias-se/aws_road", False),
        ("ftp://example.com/file", False),
    ],
    ids=["https", "loopback-http", "plain-http", "original-course", "other-scheme"],
)
def test_external_links_are_https_and_never_the_original_course(url: str, allowed: bool) -> None:
    assert (external_problem(url) is None) is allowed
