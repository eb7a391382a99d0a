"""The browser checks see what they exist for: requests that leave the site, inaccessible markup."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import AXE, AXE_RUN, guarded_context

pytestmark = pytest.mark.browser


def test_a_request_outside_the_site_is_recorded_and_never_sent(
    browser: Browser, site_url: str
) -> None:
    guarded = guarded_context(browser, site_url)
    page = guarded.context.new_page()
    page.goto(site_url + "404.html")
    page.evaluate("() => fetch('https://cdn.example.com/lib.js').catch(() => null)")
    guarded.context.close()
    assert guarded.outside == ["https://cdn.example.com/lib.js"]


def test_axe_reports_an_image_without_alternative_text(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<html lang="en"><head><title>t</title></head><body><img src="x.png"></body>')
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_RUN)
    page.close()
    assert ("image-alt", "critical") in [(v["id"], v["impact"]) for v in violations]
