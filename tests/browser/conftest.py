"""Playwright driving Debian's Chromium (/usr/bin/chromium) against Django's live server."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, sync_playwright

CHROMIUM = os.environ.get("SCRUTINY_CHROMIUM", "/usr/bin/chromium")
# Without these Chromium tries to reach Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """No WCAG 2.2 A/AA violations on the page as it stands, per axe-core."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert not violations, f"{page.url}\n{report}"


def follow(page: Page, link: Locator) -> None:
    """Click a link and wait for the page it leads to, so what comes next checks that page.

    A bare click returns once the navigation starts: axe run straight after it can find the
    old page, or no document at all while the new one is swapped in.
    """
    target = urljoin(page.url, link.get_attribute("href") or "")
    link.click()
    page.wait_for_url(target)  # and for that page's load event


def fill_date(scope: Page | Locator, legend: str, day: datetime.date) -> None:
    """Fill the GOV.UK date input whose legend says `legend` (day, month and year boxes)."""
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
