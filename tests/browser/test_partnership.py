"""The partnership on the demo, as a board uses it: the business manager reads the partners,
the relevant agencies register (filtered, with the export link) and the documents; the chief
constable signs the threshold document for the police, which makes it agreed; the budget;
and an LSCB's pages in its own words. Every page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo.partnership import create_demo_partnership
from scrutiny.tenancy.models import Arrangement, Board

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in, sign_out  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_partners_sign_off_the_threshold_document(page: Page, demo):  # noqa: F811
    create_demo_partnership(demo)
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    expect(page.get_by_text("safeguarding children partnership").first).to_be_visible()
    page.locator("#panel-partnership-section").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Threshold document, version 1")).to_be_visible()
    expect(page.get_by_text("Awaiting 1 sign-off")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_role("heading", name="The partnership", exact=True)).to_be_visible()
    expect(page.locator("#partners-table")).to_contain_text("Chief Constable Andrew Blake")
    assert_accessible(page)

    page.get_by_role("link", name="Relevant agencies").click()
    page.get_by_label("Setting type").select_option("school")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#register-table tbody tr")).to_have_count(1)
    expect(page.locator("#register-table")).to_contain_text("Ashbourne Education Service")
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Budget").click()
    expect(page.locator("#budget-total")).to_contain_text("£255,000.00")
    assert_accessible(page)

    sign_out(page)
    sign_in(page, "chief.constable")
    page.goto("/b/ashbourne/partnership/documents/")
    page.get_by_role("button", name="Sign off for Chief officer of police").click()
    expect(page.get_by_text("You have signed Threshold document, version 1")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Agreed")).to_have_count(2)
    assert_accessible(page)

    # Northvale is a Local Safeguarding Children Board: its pages say so, and its chair
    # signs off; there are no lead safeguarding partners to chase.
    Board.objects.filter(slug="northvale").update(arrangement=Arrangement.LSCB)
    sign_out(page)
    sign_in(page, "manager.northvale")
    pass_two_factor(page)
    page.get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_role("heading", name="The board", exact=True)).to_be_visible()
    expect(page.locator("#arrangement")).to_contain_text("Its chair signs off the yearly report")
    expect(page.locator("#partners-table .govuk-tag--red")).to_have_count(0)
    assert_accessible(page)
