"""The business manager writes a section of the annual report and publishes it; the report
pages and the board pack pass axe."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.reports import create_demo_reports
from scrutiny.reports.models import AnnualReport

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_writes_and_publishes_the_annual_report(
    page: Page,
    demo,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_demo_plan(demo)
    create_demo_reports(demo)
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See this quarter's board pack").click()
    expect(page.get_by_role("heading", name="Board pack", exact=False)).to_be_visible()
    expect(page.locator("#open-challenges")).to_contain_text("Open challenges (1)")
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Annual report", exact=False).first.click()
    expect(page.locator("#section-governance")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write the text for Challenge log successes").click()
    page.get_by_label("Challenge log successes").fill("The challenge on supervision worked.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#section-challenges")).to_contain_text(
        "The challenge on supervision worked."
    )

    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 of the")).to_be_visible()
    expect(page.get_by_role("button", name="Start a new version to correct it")).to_be_visible()
    report = AnnualReport.objects.get(board__slug="ashbourne")
    assert report.is_published and report.pdf.name.endswith(".pdf")
    assert_accessible(page)
