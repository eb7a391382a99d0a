"""The pages read well on a phone (390 px) and on a desktop: diagrams, tables, costs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import guarded_context
from tests.doctools.inventory import inventory

pytestmark = pytest.mark.browser

INVENTORY = inventory()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MERMAID_PAGES = [
    page
    for page in INVENTORY.pages
    if any(fence.lang == "mermaid" for fence in INVENTORY.scans[page.id].fences)
]
# Tables written in the page, or made by a macro (a table of costs, the API reference).
TABLE_PAGES = [
    page
    for page in INVENTORY.pages
    if any(mark in page.text() for mark in ("|---", "table(", "api_reference("))
]
COSTS = [page for page in INVENTORY.pages if page.rel == "reference/costs.md"]
SOURCE = {"es": "Fuente", "en": "Source"}

# For each rendered diagram: its smallest text, in CSS pixels as drawn (font size x the SVG's
# scale), next to the size of the body text.
DIAGRAM_TEXT = """() => {
  const body = parseFloat(getComputedStyle(document.querySelector(".md-typeset p")).fontSize);
  return [...document.querySelectorAll("div.mermaid")].map((host) => {
    const svg = host.shadowRoot.querySelector("svg");
    const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || 1);
    const texts = [...svg.querySelectorAll("text, foreignObject span, foreignObject p")]
      .filter((t) => t.textContent.trim());
    const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    return { body, smallest: Math.min(...sizes), texts: sizes.length };
  });
}"""
# Words of table cells drawn on more than one line (a word broken mid-way). A line may end at a
# hyphen ("on-|demand"), as in print; code (an API name) never breaks at all (course.css).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".md-typeset td, .md-typeset th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
# For each table with a column headed `name`: is that header inside the part of the table the
# reader sees without scrolling it (Material wraps each table in a box that scrolls sideways)?
COLUMN_SHOWN = """(name) => [...document.querySelectorAll(".md-typeset table")]
  .map((table) => [table, [...table.querySelectorAll("th")].find((th) =>
    th.textContent.trim() === name)])
  .filter(([, th]) => th)
  .map(([table, th]) => {
    const view = table.closest(".md-typeset__scrollwrap") || table.parentElement;
    const box = view.getBoundingClientRect();
    const cell = th.getBoundingClientRect();
    return cell.left >= box.left && cell.right <= box.right + 0.5
      && view.scrollWidth <= view.clientWidth;
  })"""


def url_path(page) -> str:
    return INVENTORY.built(page).removesuffix("index.html")


def sized_tab(browser: Browser, site_url: str, size: dict[str, int]) -> Iterator[Page]:
    """A page of the given viewport size; no request may leave the site."""
    guarded = guarded_context(browser, site_url)
    page = guarded.context.new_page()
    page.set_viewport_size(size)
    yield page
    guarded.context.close()
    assert guarded.outside == []


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    yield from sized_tab(browser, site_url, PHONE)


@pytest.fixture
def desktop(browser: Browser, site_url: str) -> Iterator[Page]:
    yield from sized_tab(browser, site_url, DESKTOP)


@pytest.mark.parametrize("page", MERMAID_PAGES, ids=[p.id for p in MERMAID_PAGES])
def test_diagram_text_is_as_large_as_the_body_text_on_a_phone(
    phone: Page, site_url: str, page
) -> None:
    phone.goto(site_url + url_path(page))
    phone.wait_for_function(
        """() => {
          const hosts = [...document.querySelectorAll("div.mermaid")];
          return hosts.length && !document.querySelector("pre.mermaid")
            && hosts.every((h) => h.shadowRoot && h.shadowRoot.querySelector("svg"));
        }""",
        timeout=20000,
    )
    for number, diagram in enumerate(phone.evaluate(DIAGRAM_TEXT), start=1):
        assert diagram["texts"], f"diagram {number} has no text to measure"
        assert diagram["smallest"] >= diagram["body"] - 0.01, f"diagram {number}: {diagram}"
    # A wide diagram scrolls inside its box; the page itself never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("page", TABLE_PAGES, ids=[p.id for p in TABLE_PAGES])
def test_tables_never_break_a_word_on_a_phone(phone: Page, site_url: str, page) -> None:
    phone.goto(site_url + url_path(page))
    assert phone.locator(".md-typeset table").count(), "no table on the page"
    assert phone.evaluate(BROKEN_WORDS) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("page", COSTS, ids=[p.id for p in COSTS])
def test_costs_tables_show_their_source_column_on_a_desktop(
    desktop: Page, site_url: str, page
) -> None:
    desktop.goto(site_url + url_path(page))
    shown = desktop.evaluate(COLUMN_SHOWN, SOURCE[page.lang])
    assert len(shown) == 2, "the price and free-tier tables, each with a source column"
    assert all(shown)


PRINT_EDITIONS = [
    ("" if lang == INVENTORY.config.default_language else f"{lang}/") + "print_page/"
    for lang in INVENTORY.config.languages
]


@pytest.mark.parametrize("path", PRINT_EDITIONS)
def test_print_edition_loads_offline_without_errors(visit, path: str) -> None:
    loaded = visit(path)
    assert loaded.requests, "no request recorded at all"
    assert (loaded.blocked, loaded.failed, loaded.errors, loaded.console) == ([], [], [], [])
