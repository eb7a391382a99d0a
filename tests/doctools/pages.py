"""The pages of the site: one Markdown file per language folder, and where each one is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.doctools.config import SiteConfig, site_config


@dataclass(frozen=True)
class Page:
    """One Markdown page of one language."""

    lang: str
    rel: str  # path inside the language folder, e.g. "modules/3-lambda.md"
    path: Path

    @property
    def id(self) -> str:
        """Name the page in test ids and messages, e.g. "es/modules/3-lambda.md"."""
        return f"{self.lang}/{self.rel}"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def discover_pages(docs_dir: Path, languages: tuple[str, ...]) -> list[Page]:
    """Return every Markdown page under docs_dir/<lang>/, sorted by language order then path."""
    pages = []
    for lang in languages:
        folder = docs_dir / lang
        for path in sorted(folder.rglob("*.md")):
            pages.append(Page(lang=lang, rel=path.relative_to(folder).as_posix(), path=path))
    return pages


def site_pages(config: SiteConfig | None = None) -> list[Page]:
    """Return the project's pages in every built language."""
    config = config or site_config()
    return discover_pages(config.docs_dir, config.languages)


def built_path(page: Page, default_language: str) -> str:
    """Return the HTML file MkDocs writes for a page, relative to the site folder."""
    stem = page.rel.removesuffix(".md")
    if stem == "index":
        url_dir = ""
    elif stem.endswith("/index"):
        url_dir = stem.removesuffix("index")
    else:
        url_dir = stem + "/"
    prefix = "" if page.lang == default_language else f"{page.lang}/"
    return f"{prefix}{url_dir}index.html"
