"""The built site works in a real browser: offline, accessible, and its widgets do their job."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from modules.catalog import MODULES
from tests.browser.conftest import Visit
from tests.doctools.fences import Fence
from tests.doctools.inventory import inventory
from tests.doctools.pages import Page as DocPage

pytestmark = pytest.mark.browser

INVENTORY = inventory()
DEFAULT = INVENTORY.config.default_language
EXPANDER = INVENTORY.expander()
# Material turns a number in parentheses inside a code comment, `# (1)!`, into an annotation.
ANNOTATION_MARKER = re.compile(r"(?:#|//|/\*|--)[^\n]*?\(\d+\)")
SERIOUS = frozenset({"serious", "critical"})
# Violations that come from Material's own markup, which no stylesheet can change:
THEME_VIOLATIONS = frozenset(
    {
        # The search overlay has role="dialog" but no accessible name.
        ("aria-dialog-name", ".md-search"),
    }
)


def url_path(page: DocPage) -> str:
    return INVENTORY.built(page).removesuffix("index.html")


def fences_of(page: DocPage) -> tuple[Fence, ...]:
    return INVENTORY.scans[page.id].fences


def annotation_markers(page: DocPage) -> int:
    count = 0
    for fence in fences_of(page):
        expanded = "\n".join(EXPANDER.expand(list(fence.body)))
        count += len(ANNOTATION_MARKER.findall(expanded))
    return count


@dataclass(frozen=True)
class SitePage:
    """A built page to load, and the same page in the other languages."""

    name: str
    path: str
    translations: dict[str, str]  # language -> path

    def load(self, visit: Callable[..., Visit]) -> Visit:
        return visit(self.path, switch_to=tuple(self.translations))


PAGES = [
    SitePage(
        page.id,
        url_path(page),
        {o.lang: url_path(o) for o in INVENTORY.pages if o.rel == page.rel and o.lang != page.lang},
    )
    for page in INVENTORY.pages
] + [SitePage("404.html", "404.html", {})]
FIRST_WITH_CODE = [
    next(page for page in INVENTORY.pages if page.lang == lang and fences_of(page))
    for lang in INVENTORY.config.languages
]
MERMAID = [
    (page, sum(1 for fence in fences_of(page) if fence.lang == "mermaid"))
    for page in INVENTORY.pages
    if any(fence.lang == "mermaid" for fence in fences_of(page))
]
ANNOTATED = [(page, n) for page in INVENTORY.pages if (n := annotation_markers(page))]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_makes_no_request_outside_the_site(
    visit: Callable[..., Visit], page: SitePage
) -> None:
    loaded = page.load(visit)
    assert loaded.requests, "no request recorded at all"
    assert loaded.blocked == []


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_loads_without_errors(visit: Callable[..., Visit], page: SitePage) -> None:
    loaded = page.load(visit)
    assert loaded.errors == []
    assert loaded.failed == []  # a 404 (a sitemap.xml, say) shows in the console too
    assert loaded.console == []


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_has_no_serious_accessibility_violations(
    visit: Callable[..., Visit], page: SitePage
) -> None:
    found = [
        f"{v['impact']} {v['id']} ({v['help']}): {target}"
        for v in page.load(visit).violations
        if v["impact"] in SERIOUS
        for target in v["targets"]
        if (v["id"], target) not in THEME_VIOLATIONS
    ]
    assert not found, "\n".join(found)


SWITCHING = [page for page in PAGES if page.translations]


@pytest.mark.parametrize("page", SWITCHING, ids=[page.name for page in SWITCHING])
def test_language_switch_keeps_the_page(
    visit: Callable[..., Visit], site_url: str, page: SitePage
) -> None:
    expected = {lang: site_url + path for lang, path in page.translations.items()}
    assert page.load(visit).switched_to == expected


# Result links carry the query's terms (`?h=cuenta+aws`): a link whose terms all belong to the
# query just typed is a result of that query, not a stale one of the query before.
RESULTS_FOR = """([words]) => [...document.querySelectorAll(".md-search-result__item > a")]
  .map((a) => new URL(a.href))
  .filter((url) => {
    const terms = (url.searchParams.get("h") || "").split(" ").filter(Boolean);
    return terms.length > 0 && terms.every((term) => words.includes(term));
  })
  .map((url) => url.origin + url.pathname)"""


def search(tab: Page, query: str, expected: str, timeout_s: float = 20) -> list[str]:
    """Type a query into Material's search; return the result links of that query.

    The index loads in a web worker after the page, and a query typed before it is ready shows
    nothing, so type it again until `expected` is among the results or time runs out.
    """
    words = re.findall(r"\w+", query.lower())
    box = tab.locator("input.md-search__input")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        box.fill(query)
        box.press("End")  # Material searches on keyup
        try:
            tab.wait_for_function(
                f"(args) => ({RESULTS_FOR})(args).includes(args[1])",
                arg=[words, expected],
                timeout=2000,
            )
            break
        except PlaywrightTimeoutError:
            continue
    return tab.evaluate(RESULTS_FOR, [words])


def home_of(site_url: str, lang: str) -> str:
    return site_url + ("" if lang == DEFAULT else f"{lang}/")


def language_of(url: str, site_url: str) -> str:
    """The language whose site url belongs to (the default language's is the root)."""
    folders = [lang for lang in INVENTORY.config.languages if lang != DEFAULT]
    return next((f for f in folders if url.startswith(home_of(site_url, f))), DEFAULT)


@pytest.mark.parametrize("lang", INVENTORY.config.languages)
def test_search_finds_each_module_by_its_title(tab: Page, site_url: str, lang: str) -> None:
    home = home_of(site_url, lang)
    tab.goto(home)
    for module in MODULES:
        expected = home + module.page.removesuffix(".md") + "/"
        found = search(tab, module.title[lang], expected)
        assert expected in found, f"{module.title[lang]!r} did not find {expected}: {found}"
        # Titles share words across languages ("AWS", "Terraform"): only this language answers.
        assert {language_of(url, site_url) for url in found} == {lang}, found


@pytest.mark.parametrize("lang", INVENTORY.config.languages)
def test_search_answers_another_languages_title_with_this_languages_pages(
    tab: Page, site_url: str, lang: str
) -> None:
    home = home_of(site_url, lang)
    tab.goto(home)
    for module in MODULES:
        # Every title shares a word with its translation, so this language's page answers.
        expected = home + module.page.removesuffix(".md") + "/"
        for other in INVENTORY.config.languages:
            found = search(tab, module.title[other], expected)
            assert expected in found, f"{module.title[other]!r} did not find {expected}"
            assert {language_of(url, site_url) for url in found} == {lang}, found


def test_search_finds_nothing_for_a_word_no_page_has(tab: Page, site_url: str) -> None:
    tab.goto(site_url)
    module = MODULES[0]
    expected = site_url + module.page.removesuffix(".md") + "/"
    assert expected in search(tab, module.title[DEFAULT], expected)  # the index is ready
    tab.locator("input.md-search__input").fill("zqxjvw")
    tab.locator("input.md-search__input").press("End")
    tab.wait_for_function("() => !document.querySelector('.md-search-result__item')")


@pytest.mark.parametrize("page", FIRST_WITH_CODE, ids=[p.id for p in FIRST_WITH_CODE])
def test_copy_button_copies_the_code_block(tab: Page, site_url: str, page: DocPage) -> None:
    tab.goto(site_url + url_path(page))
    button = tab.locator("button[data-md-type=copy]:visible").first
    code = tab.locator(button.get_attribute("data-clipboard-target") or "")
    button.click()
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied.strip()
    assert copied.rstrip() == code.inner_text().rstrip()


@pytest.mark.parametrize(("page", "count"), MERMAID, ids=[p.id for p, _ in MERMAID])
def test_mermaid_diagrams_render_as_svg(
    tab: Page, site_url: str, page: DocPage, count: int
) -> None:
    tab.goto(site_url + url_path(page))
    tab.wait_for_function(
        """(count) => {
          const diagrams = [...document.querySelectorAll("div.mermaid")];
          return diagrams.length === count
            && diagrams.every((d) => d.shadowRoot && d.shadowRoot.querySelector("svg"));
        }""",
        arg=count,
        timeout=20000,
    )


@pytest.mark.parametrize(("page", "markers"), ANNOTATED, ids=[p.id for p, _ in ANNOTATED])
def test_code_annotations_open(tab: Page, site_url: str, page: DocPage, markers: int) -> None:
    tab.goto(site_url + url_path(page))
    annotations = tab.locator(".md-annotation")
    annotations.first.wait_for(state="attached")
    assert annotations.count() == markers, "a marker without its numbered list stays raw text"
    index = tab.locator(".md-annotation__index:visible").first
    index.scroll_into_view_if_needed()
    index.click(force=True)  # the marker pulses, so it is never "stable" for a normal click
    tooltip = tab.locator(".md-tooltip--active").first
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip()


def test_module_pages_with_code_explain_it_with_annotations() -> None:
    with_code = [
        page.id for page in INVENTORY.pages if page.rel.startswith("modules/") and fences_of(page)
    ]
    if with_code:
        assert ANNOTATED, f"{with_code} show code but no page has an annotation (# (1)!)"


OUTPUT_LABEL = {"es": "Salida", "en": "Output"}
WITH_OUTPUTS = [
    (page, n)
    for page in INVENTORY.pages
    if (n := sum(1 for fence in fences_of(page) if fence.has("expected-output")))
]


@pytest.mark.parametrize(("page", "count"), WITH_OUTPUTS, ids=[p.id for p, _ in WITH_OUTPUTS])
def test_expected_outputs_are_labelled_and_cannot_be_copied(
    tab: Page, site_url: str, page: DocPage, count: int
) -> None:
    tab.goto(site_url + url_path(page))
    tab.locator("button[data-md-type=copy]").first.wait_for(state="attached")  # Material is done
    outputs = tab.locator("div.expected-output")
    assert outputs.count() == count
    labels = outputs.locator("> .filename")
    assert labels.count() == count
    assert set(labels.all_inner_texts()) == {OUTPUT_LABEL[page.lang]}
    assert outputs.locator("button[data-md-type=copy]").count() == 0
    commands = tab.locator("div.highlight:not(.expected-output) button[data-md-type=copy]")
    assert commands.count() > 0, "the commands around the outputs keep their copy button"
