"""An agency's lead officer completes a review action with an evidence document; the QA
member signs it off; the reviews pages pass axe."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.demo.reviews import create_demo_reviews

from .conftest import assert_accessible, follow
from .test_shell import demo, sign_in, sign_out  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_action_is_closed_on_evidence_and_signed_off(page: Page, demo, tmp_path):  # noqa: F811
    create_demo_reviews(demo)
    action = Action.objects.get(
        source="review",
        status=ActionStatus.IN_PROGRESS,
        agency__name="Ashbourne Education Service",
        boards__slug="ashbourne",
    )
    evidence = tmp_path / "briefing-audit.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% audit of notifications\n")

    sign_in(page, "education.lead")
    page.goto(f"/b/ashbourne/actions/{action.pk}/")
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("Progress update").fill("Notifications now reach schools next morning")
    page.get_by_label("Evidence of completion").fill("Audit of September notifications")
    page.get_by_role("button", name="Save update").click()
    expect(
        page.get_by_text("Upload a document that shows the action is complete").first
    ).to_be_visible()  # noqa: E501
    assert_accessible(page)
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("Evidence of completion").fill("Audit of September notifications")
    page.get_by_label("Progress update").fill("Notifications now reach schools next morning")
    page.get_by_label("Evidence document").set_input_files(str(evidence))
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("#action-status")).to_contain_text("awaiting sign-off")
    expect(page.get_by_role("link", name="briefing-audit.pdf")).to_be_visible()
    sign_out(page)

    sign_in(page, "qa.ashbourne")
    page.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Learning from reviews")).to_be_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Monitoring", exact=True))
    assert_accessible(page)
    page.get_by_role("link", name="Meeting pack").first.click()
    expect(page.locator("#pack-awaiting")).to_contain_text("Ashbourne Education Service")
    assert_accessible(page)
    page.goto(f"/b/ashbourne/actions/{action.pk}/")
    page.get_by_label("Yes, sign it off").check()
    page.get_by_label("Reason").fill("The audit shows every notification sent")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#action-sign-off")).to_contain_text("Signed off by")
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED

    page.goto("/b/ashbourne/reviews/themes/")
    expect(page.locator("#theme-table")).to_contain_text("Hotspot")
    assert_accessible(page)
    for link in ["Recurring recommendations", "Archive", "Child deaths", "Register"]:
        follow(page, page.get_by_role("link", name=link, exact=True))
        assert_accessible(page)
    page.get_by_role("link", name="CSPR Child M").click()
    expect(page.locator("#disseminations")).to_contain_text("Front-line practitioners")
    assert_accessible(page)
