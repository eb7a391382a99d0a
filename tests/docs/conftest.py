"""Fixtures of the doc tests: the pages read once, the snippet expander, the built HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doctools.inventory import Inventory, inventory
from tests.doctools.links import BuiltSite
from tests.doctools.snippets import SnippetExpander


@pytest.fixture(scope="session")
def pages() -> Inventory:
    return inventory()


@pytest.fixture(scope="session")
def expander(pages: Inventory) -> SnippetExpander:
    return pages.expander()


@pytest.fixture(scope="session")
def built_html(built_site: Path, pages: Inventory) -> BuiltSite:
    """The built site's HTML, each file parsed once for the whole run."""
    return BuiltSite(built_site, pages.config.site_url)
