"""Serve the built site on 127.0.0.1 and drive it with the Debian Chromium through Playwright."""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.doctools.config import ROOT

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Material renders mermaid into a closed shadow root; open it so a test can see the SVG.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, { ...init, mode: "open" });
  };
})();
"""
AXE_RUN = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; failures are asserted, not logged."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser navigated away in the middle of a download
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site statically on a free port of 127.0.0.1; return its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("no chromium on PATH: install the Debian package `chromium`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class GuardedContext:
    """A browser context whose requests outside the site are recorded and never sent."""

    context: BrowserContext
    outside: list[str] = field(default_factory=list)


def guarded_context(browser: Browser, site_url: str) -> GuardedContext:
    guarded = GuardedContext(browser.new_context(permissions=["clipboard-read", "clipboard-write"]))
    guarded.context.add_init_script(OPEN_SHADOW_ROOTS)

    def leaves_the_site(url: str) -> bool:
        return not url.startswith(site_url) and urlsplit(url).scheme not in ("data", "blob")

    def block(route: Route) -> None:
        guarded.outside.append(route.request.url)
        route.abort()

    guarded.context.route(leaves_the_site, block)
    return guarded


@pytest.fixture
def tab(browser: Browser, site_url: str) -> Iterator[Page]:
    """A page in a fresh browser context, with clipboard access."""
    guarded = guarded_context(browser, site_url)
    yield guarded.context.new_page()
    guarded.context.close()


@dataclass
class Visit:
    """What happened while one page of the site loaded."""

    path: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests outside the site
    failed: list[str] = field(default_factory=list)  # "404 http://…"
    errors: list[str] = field(default_factory=list)  # uncaught exceptions
    console: list[str] = field(default_factory=list)  # what the console shows as errors
    violations: list[dict[str, Any]] = field(default_factory=list)  # axe-core
    switched_to: dict[str, str] = field(default_factory=dict)  # language -> URL after the click


def switch_language(page: Page, lang: str) -> str:
    """Pick a language in the header's selector, as a reader does; return the URL reached."""
    page.hover(".md-header__option .md-select")
    with page.expect_navigation(wait_until="commit"):  # the URL is known; no need to render
        page.click(f'.md-select a[hreflang="{lang}"]')
    return page.url


@pytest.fixture(scope="session")
def visit(browser: Browser, site_url: str) -> Callable[..., Visit]:
    """Load a page once, run axe-core, wait for the network to go quiet; record everything.

    Then switch to each language in `switch_to` and record where the reader lands.
    """
    visits: dict[str, Visit] = {}

    def load(path: str, switch_to: tuple[str, ...] = ()) -> Visit:
        if path in visits:
            return visits[path]
        requests: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        console: list[str] = []
        guarded = guarded_context(browser, site_url)
        context = guarded.context
        context.on("request", lambda request: requests.append(request.url))
        context.on(
            "response",
            lambda response: (
                failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                console.append(f"{message.text} ({message.location.get('url')})")
                if message.type == "error"
                else None
            ),
        )
        page.goto(site_url + path, wait_until="load")
        # Material swaps each <pre class="mermaid"> for the rendered diagram: check the result.
        page.wait_for_function("() => !document.querySelector('pre.mermaid')")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN)
        # Requests still come after "load" (the search index, Material's sitemap probes); axe
        # usually outlasts them, so this rarely waits the full half second of quiet.
        page.wait_for_load_state("networkidle")
        record = Visit(
            path,
            requests=list(requests),
            blocked=list(guarded.outside),
            failed=list(failed),
            errors=list(errors),
            console=list(console),
            violations=violations,
        )
        for number, lang in enumerate(switch_to):
            if number:
                page.goto(site_url + path, wait_until="load")
            record.switched_to[lang] = switch_language(page, lang)
        context.close()
        visits[path] = record
        return record

    return load
