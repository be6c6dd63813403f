"""The home pages on the demo: the business manager's board home and the police lead's page
across boards, checked with axe; every count followed to its list, which shows that many
rows."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from scrutiny.library.loader import load_library_files, shipped_library_files

from .conftest import assert_accessible
from .test_shell import pass_two_factor, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_demo(transactional_db):
    """The whole demo, as `./bin/serve` builds it: returns, plan, data, audits, training..."""
    load_library_files(shipped_library_files())
    call_command("demo", stdout=io.StringIO())


# The main table of each list a home page count links to.
LIST_TABLES = (
    "#returns-table, #challenge-table, #actions-table, #meeting-table, #data-set-table, #clocks, "
    "#partners-table"
)


def list_rows(page: Page) -> int:
    """Rows of the list's main table, leaving out the "nothing here" row; on the findings
    list (a list, not a table), its findings; on the partnership's documents, the versions."""
    if page.locator("ul#findings").count():
        return page.locator("ul#findings > li").count()
    if page.locator("#document-filter").count():  # the partnership's document versions
        return page.locator("h2[id^=version-]").count()
    rows = page.locator(LIST_TABLES).locator("tbody tr")
    return sum(1 for i in range(rows.count()) if rows.nth(i).locator("td[colspan]").count() == 0)


def follow_every_count(page: Page, home: str) -> int:
    links = page.locator("a.scrutiny-home-count")
    targets = [
        (links.nth(i).get_attribute("href"), int(links.nth(i).get_attribute("data-count")))
        for i in range(links.count())
    ]
    assert targets, "the home page shows no counts"
    for href, count in targets:
        page.goto(home)
        page.locator(f'a.scrutiny-home-count[href="{href}"]').first.click()
        page.wait_for_url(re.compile(re.escape(href.split("?")[0])))
        assert list_rows(page) == count, f"{href} shows {list_rows(page)} rows, not {count}"
    return len(targets)


def test_the_managers_home_counts_lead_to_their_rows(page: Page, full_demo):
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    expect(page.locator("#board-navigation")).to_contain_text("Evidence")
    assert_accessible(page)
    home = page.url
    assert follow_every_count(page, home) >= 5


def test_the_police_leads_page_across_boards(page: Page, full_demo):
    sign_in(page, "police.lead")
    page.get_by_role("link", name="Your agency's work on every board").first.click()
    expect(
        page.get_by_role("heading", name="Your agency's work on every board", level=1)
    ).to_be_visible()
    assert page.locator("section[id^=work-]").count() >= 2  # the police serve every board
    assert_accessible(page)
    follow_every_count(page, page.url)
