"""Make each language of the built site a site of its own: its search index, its sitemap,
its print edition.

mkdocs-static-i18n builds the default language at the root and every other language under
`<locale>/`, then merges every page into one search index at the root: readers of one language
got results in the other. This hook (a MkDocs hook, not a plugin) splits that index per
language, points each page's search at its own language's index, gives every language folder
the sitemap Material's language selector reads, and keeps mkdocs-print-site's editions apart.
It also tidies two things the search index and narrow tables read from the HTML.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

INDEX = Path("search") / "search_index.json"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
# Material's settings for its scripts: `"base": "../.."` is where it looks for the search index.
CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")'
)
# Tab labels sit side by side in the HTML; without a space the index reads "SandboxAWS".
ADJACENT_LABELS = re.compile(r"</label>(?=<label)")
# A link in a table cell that shows a URL (a price's source) may wrap after its slashes, as
# printed URLs do, instead of widening its table past the page's column.
URL_IN_CELL = re.compile(r"(<td[^>]*>\s*<a [^>]*>)([^<]*/[^<]*)(</a>)")
# Material probes `<link rel="alternate">`'s URL + sitemap.xml, meant for a language's root; the
# i18n plugin points them at the page's translations, so each probe is a 404. The sitemap already
# lists every page's translations for search engines.
ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def _other_locales(config: MkDocsConfig) -> list[str]:
    """The built languages that live in a folder of their own (all but the default)."""
    languages = _i18n(config).config.languages
    return [lang.locale for lang in languages if lang.build and not lang.default]


@event_priority(-200)  # after mkdocs-print-site has made its page, on every language's build
def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Give each language its own print edition, headings in its language.

    mkdocs-print-site writes every language's edition to one `print_page/`, so the last one
    built would win: move the other languages' into their folder.
    """
    printer = config.plugins.get("print-site")
    if printer is None:
        return config
    headings = config.extra.get("print_edition", {})
    printer.config["toc_title"] = headings.get("contents", printer.config["toc_title"])
    printer.print_page.title = headings.get("title", printer.print_page.title)
    locale = _i18n(config).current_language
    if locale not in _other_locales(config):
        return config
    print_file = printer.print_file
    print_file.dest_uri = f"{locale}/{print_file.dest_uri}"
    print_file.url = f"{locale}/{print_file.url}"
    print_file.abs_dest_path = str(Path(config.site_dir) / print_file.dest_uri)
    return config


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    html = ADJACENT_LABELS.sub("</label> ", html)
    return URL_IN_CELL.sub(lambda m: m[1] + m[2].replace("/", "/<wbr>") + m[3], html)


def _localize(html: str, locale: str | None) -> str:
    """Drop the alternate links Material probes; for a language in a folder, make Material's
    base (where it finds the search index) that folder."""
    html = ALTERNATE_LINK.sub("", html)
    if locale is None:
        return html
    return CONFIG_BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}/{locale}/{m[3]}", html, count=1)


def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    locale = next((loc for loc in _other_locales(config) if page.url.startswith(f"{loc}/")), None)
    return _localize(output, locale)


def split_index(index: dict[str, Any], locales: list[str], default: str) -> dict[str, dict]:
    """Split a merged search index into one per language, keyed by its folder ('' = root)."""
    split: dict[str, dict[str, Any]] = {}
    for folder, lang in [("", default), *((loc, loc) for loc in locales)]:
        split[folder] = {**index, "config": {**index["config"], "lang": [lang]}, "docs": []}
    for doc in index["docs"]:
        location: str = doc["location"]
        folder = next((loc for loc in locales if location.startswith(f"{loc}/")), "")
        if folder:
            doc = {**doc, "location": location.removeprefix(f"{folder}/")}
        split[folder]["docs"].append(doc)
    return split


def on_post_template(output_content: str, template_name: str, **kwargs: Any) -> str:
    """404.html is a template, not a page: drop its alternate links too."""
    return ALTERNATE_LINK.sub("", output_content)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    if _i18n(config).building:
        return  # one language's build inside the plugin's loop; the index is not merged yet
    site = Path(config.site_dir)
    locales = _other_locales(config)
    default = next(lang.locale for lang in _i18n(config).config.languages if lang.default)
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    for folder, index in split_index(merged, locales, default).items():
        target = site / folder / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    for locale in locales:
        for name in SITEMAPS:
            if (site / name).is_file():
                shutil.copy2(site / name, site / locale / name)
    # mkdocs-print-site renders its pages itself, past on_post_page.
    printer = config.plugins.get("print-site")
    if printer is not None:
        name = printer.config["print_page_basename"]
        for locale in [None, *locales]:
            edition = site / (locale or "") / name / "index.html"
            edition.write_text(_localize(edition.read_text("utf-8"), locale), encoding="utf-8")
