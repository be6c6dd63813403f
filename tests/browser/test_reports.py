"""The yearly report published as a board would: the business manager writes a section, works
through the pre-publish check, a lead safeguarding partner approves it, and after every
partner's approval the manager confirms and publishes. Each page passes axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.reports import create_demo_reports
from scrutiny.reports import services
from scrutiny.reports.models import AnnualReport
from scrutiny.reports.render import gather_report

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in, sign_out  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_is_published_through_the_checks_and_the_partners_sign_off(
    page: Page,
    demo,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_demo_plan(demo)
    create_demo_reports(demo)
    draft = AnnualReport.objects.get(board__slug="ashbourne", status="draft")
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See this quarter's board pack").click()
    expect(page.get_by_role("heading", name="Board pack", exact=False)).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name=f"Annual report {draft.year}").click()
    expect(page.locator("#section-governance")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write the text for Challenge log successes").click()
    page.get_by_label("Challenge log successes").fill("The challenge on supervision worked.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#section-challenges")).to_contain_text(
        "The challenge on supervision worked."
    )

    # Publishing is refused while the check has open problems and no one has approved.
    page.get_by_role("link", name=f"Publish version {draft.version}").click()
    expect(page.get_by_text("This version cannot be published yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Go to the pre-publish check").click()
    expect(page.get_by_role("heading", name="Before publishing")).to_be_visible()
    assert_accessible(page)
    # An acknowledgement without a reason is refused, with the error shown.
    page.get_by_role("button", name="Acknowledge this problem").first.click()
    expect(
        page.get_by_role("link", name="Enter the reason the report can be published with this")
    ).to_be_visible()
    assert_accessible(page)
    while page.get_by_role("button", name="Acknowledge this problem").count():
        page.get_by_label("Why the report can be published with this").first.fill(
            "Agreed at the board meeting."
        )
        page.get_by_role("button", name="Acknowledge this problem").first.click()
    expect(page.get_by_text("To fix or acknowledge")).to_have_count(0)

    # The police's named signatory approves from the report page.
    sign_out(page)
    sign_in(page, "police.lead")
    page.goto(f"/b/ashbourne/reports/{draft.pk}/")
    page.get_by_role("button", name=f"Approve version {draft.version} for Police").click()
    expect(page.locator(".govuk-tag", has_text="Approved").first).to_be_visible()
    assert_accessible(page)
    # The other two partners approve the same content.
    figures = gather_report(draft, timezone.localdate())
    for row in services.sign_off(draft, figures):  # who signs for each partner: partnership
        if row.role != "police":
            assert row.signatory is not None
            services.approve(draft, row.signatory.user, row.role, figures)

    sign_out(page)
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    page.goto(f"/b/ashbourne/reports/{draft.pk}/publish/")
    expect(page.get_by_role("heading", name="Approved by")).to_be_visible()
    expect(page.get_by_text("Police: Detective Superintendent Karen Moss")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Confirm that this version can be published").first).to_be_visible()
    page.get_by_label("I confirm the partners have approved this version").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="After publishing")).to_be_visible()
    assert_accessible(page)
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.pdf.name.endswith(f"ashbourne-annual-report-{draft.year}-v1.pdf")
