"""Everything the doc tests parametrize over, read once per run: pages, scans, fences, steps."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tests.doctools.config import SiteConfig, site_config
from tests.doctools.fences import Fence, PageScan, scan
from tests.doctools.pages import Page, built_path, site_pages
from tests.doctools.snippets import SnippetExpander


@dataclass(frozen=True)
class Inventory:
    config: SiteConfig
    pages: tuple[Page, ...]
    scans: dict[str, PageScan]  # by page id

    @property
    def fences(self) -> list[Fence]:
        return [fence for page in self.pages for fence in self.scans[page.id].fences]

    def built(self, page: Page) -> str:
        """Return the page's HTML file relative to the built site."""
        return built_path(page, self.config.default_language)

    def translations(self) -> list[tuple[Page, Page]]:
        """Pair each translated page with its source-language page, when both exist."""
        source = {p.rel: p for p in self.pages if p.lang == self.config.default_language}
        return [
            (source[p.rel], p)
            for p in self.pages
            if p.lang != self.config.default_language and p.rel in source
        ]

    def expander(self) -> SnippetExpander:
        return SnippetExpander(self.config)


@functools.cache
def inventory() -> Inventory:
    """Read the project's pages once."""
    config = site_config()
    pages = tuple(site_pages(config))
    return Inventory(config, pages, {page.id: scan(page.text(), page.id) for page in pages})
