"""Check every href and src of a built site: internal targets and anchors exist, external ones
are https and never the original course's repositories. Nothing is fetched."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
NON_NAVIGABLE_SCHEMES = frozenset({"mailto", "tel", "data"})
# The course this one corrects lives in these repositories; the pages never send readers there.
FORBIDDEN_PREFIXES = (
    "https://github.com/edgar-macias-se/",
    "https://raw.githubusercontent.com/edgar-macias-se/",
)


class _HtmlFacts(HTMLParser):
    """Collect the ids and the href/src values of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []  # (line, url)
        self.language_links: dict[str, str] = {}  # the language switcher: hreflang -> href

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("hreflang") and found.get("href"):
            self.language_links[found["hreflang"] or ""] = found["href"] or ""
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src"):
                self.links.append((self.getpos()[0], value))


@dataclass(frozen=True)
class LinkProblem:
    page: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url} — {self.reason}"


@dataclass
class LinkReport:
    checked: int = 0
    external: int = 0
    problems: list[LinkProblem] = field(default_factory=list)


def external_problem(url: str) -> str | None:
    """Return why an external URL is not allowed, or None."""
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return "external links use https"
    if parts.scheme not in ("http", "https"):
        return f"unexpected scheme {parts.scheme!r}"
    if url.startswith(FORBIDDEN_PREFIXES):
        return "points at the original course's repository"
    return None


class BuiltSite:
    """A built site on disk: its HTML files, their ids and links, read once each."""

    def __init__(self, root: Path, site_url: str = "") -> None:
        self.root = root
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self._facts: dict[str, _HtmlFacts] = {}

    def facts(self, rel: str) -> _HtmlFacts:
        """Return the ids and links of one HTML file, parsing it on first use."""
        if rel not in self._facts:
            parser = _HtmlFacts()
            parser.feed((self.root / rel).read_text(encoding="utf-8"))
            parser.close()
            self._facts[rel] = parser
        return self._facts[rel]

    def html_pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def _target(self, page: str, path: str) -> str:
        """Resolve a link path seen on page to a file path relative to the site root."""
        base = "/" + page
        joined = path if path.startswith("/") else posixpath.join(posixpath.dirname(base), path)
        resolved = posixpath.normpath(unquote(joined)).lstrip("/")
        if resolved in ("", "."):
            resolved = ""
        if joined.endswith("/") or (self.root / resolved).is_dir():
            resolved = posixpath.join(resolved, "index.html")
        return resolved

    def language_targets(self, page: str) -> dict[str, str]:
        """Return where the page's language switcher leads, by language, as site files."""
        return {
            lang: self._target(page, urlsplit(href).path)
            for lang, href in self.facts(page).language_links.items()
        }

    def check_page(self, page: str) -> LinkReport:
        """Check every href and src of one built page (path relative to the site root)."""
        report = LinkReport()
        for line, url in self.facts(page).links:
            report.checked += 1
            if self.site_url and url.startswith(self.site_url):
                url = "/" + url.removeprefix(self.site_url)  # canonical links name the site itself
            parts = urlsplit(url)
            if parts.scheme in NON_NAVIGABLE_SCHEMES:
                continue
            if parts.scheme or parts.netloc:
                report.external += 1
                if reason := external_problem(url):
                    report.problems.append(LinkProblem(page, line, url, reason))
                continue
            target = self._target(page, parts.path) if parts.path else page
            if not (self.root / target).is_file():
                report.problems.append(LinkProblem(page, line, url, f"no file {target}"))
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.endswith(".html") and anchor not in self.facts(target).ids:
                report.problems.append(
                    LinkProblem(page, line, url, f"no id {anchor!r} in {target}")
                )
        return report
