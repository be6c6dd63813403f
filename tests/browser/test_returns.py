"""An agency lead completes and submits a Section 11 return with evidence; the business
manager sees it in completeness; a QA member challenges it and, once answered, accepts it."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo.returns import create_demo_returns
from scrutiny.returns.models import AgencyReturn

from .conftest import assert_accessible, fill_date, follow
from .test_shell import demo, pass_two_factor, sign_in, sign_out  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo_returns(demo):  # noqa: F811
    create_demo_returns(demo)
    return demo


def test_section_11_from_draft_to_acceptance(page: Page, demo_returns, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    health_return = AgencyReturn.objects.get(
        agency__name="Riverside Community Health NHS Trust",
        template__code="section-11-audit",
        period_label="2026-27",
    )

    # The community health lead completes the return, with evidence, and submits it.
    sign_in(page, "health.lead")
    page.goto(f"/b/ashbourne/returns/{health_return.pk}/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Start the return"))
    assert_accessible(page)
    evidence = tmp_path / "supervision-audit.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Add an evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("supervision-audit.pdf has been added")).to_be_visible()

    questions = page.locator(".scrutiny-question")
    for i in range(questions.count()):
        question = questions.nth(i)
        question.get_by_label("Fully met").check()
        question.get_by_label("Evidence and comments").fill("Policy and audit on file")
    # one statement partly met, with the improvement planned
    training = page.locator("#question-s11-5-3")
    training.get_by_label("Partially met").check()
    training.get_by_text("Planned improvement").first.click()
    training.get_by_label("Planned improvement").fill(
        "Book all health visitors on the multi-agency course"
    )
    fill_date(training, "Improvement due by", datetime.date(2027, 3, 31))
    page.get_by_role("button", name="Submit to the board").click()
    expect(
        page.get_by_text(
            "Section 11 audit has been submitted to Ashbourne and the other boards it serves."
        )
    ).to_be_visible()
    expect(page.locator("#findings")).to_contain_text("Book all health visitors")
    sign_out(page)

    # The business manager sees it received in the completeness page.
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    page.get_by_role("link", name="Returns", exact=True).click()
    row = page.locator("#returns-table tr", has_text="Riverside Community Health NHS Trust").filter(
        has_text="2026-27"
    )
    expect(row).to_contain_text("Submitted")
    assert_accessible(page)
    sign_out(page)

    # A QA member challenges; the agency answers; the QA member accepts.
    sign_in(page, "qa.ashbourne")
    page.goto(f"/b/ashbourne/returns/{health_return.pk}/")
    expect(page.get_by_text("Policy and audit on file").first).to_be_visible()
    page.get_by_text("Raise a challenge").click()
    page.get_by_label("Challenge question").fill(
        "What does the supervision audit show for health visitors?"
    )
    page.get_by_role("button", name="Send challenge").click()
    expect(page.get_by_text("Awaiting the agency's answer")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "health.lead")
    page.goto(f"/b/ashbourne/returns/{health_return.pk}/")
    page.get_by_label("Your answer").fill(
        "87% had supervision within 12 weeks; the audit is attached."
    )
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Your answer has been sent to the board.")).to_be_visible()
    sign_out(page)

    sign_in(page, "qa.ashbourne")
    page.goto(f"/b/ashbourne/returns/{health_return.pk}/")
    page.get_by_role("button", name="Accept for Ashbourne").click()
    expect(page.locator("#return-status")).to_have_text("Accepted")
    expect(page.locator("#return-history")).to_contain_text("Accepted (Ashbourne)")
    assert re.search(r"Challenge answered", page.locator("#return-history").inner_text())


def test_returns_pages_are_accessible(page: Page, demo_returns):
    sign_in(page, "admin")
    pass_two_factor(page)
    police = demo_returns.agencies.get(name="Riverside Police")
    for path in [
        "/b/ashbourne/returns/",
        "/b/ashbourne/returns/schedule/",
        "/b/ashbourne/returns/sessions/",
        "/b/ashbourne/returns/section-11/",
        f"/b/ashbourne/returns/section-11/agencies/{police.pk}/",
        "/b/ashbourne/returns/section-11/inspection/",
        "/b/ashbourne/actions/",
        "/b/ashbourne/actions/new/",
        f"/b/ashbourne/actions/{police.actions.first().pk}/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)


def test_action_filters_update_the_list_in_place(page: Page, demo_returns):
    sign_in(page, "qa.ashbourne")
    page.goto("/b/ashbourne/actions/")
    total = page.locator("#actions-table tbody tr").count()
    page.get_by_label("Agency").select_option(label="Riverside Probation Service")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"agency=\d+"))
    rows = page.locator("#actions-table tbody tr")
    expect(rows.first).to_contain_text("Riverside Probation Service")
    assert rows.count() < total


def test_uploading_evidence_keeps_the_answers_and_leaving_unsaved_asks_first(
    page: Page, demo_returns, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    health_return = AgencyReturn.objects.get(
        agency__name="Riverside Community Health NHS Trust",
        template__code="section-11-audit",
        period_label="2026-27",
    )
    sign_in(page, "health.lead")
    page.goto(f"/b/ashbourne/returns/{health_return.pk}/edit/")
    first = page.locator(".scrutiny-question").first
    first.get_by_label("Fully met").check()
    first.get_by_label("Evidence and comments").fill("Typed before uploading")

    # leaving with unsaved answers asks first; staying keeps them
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Back to the return").click()
    expect(first.get_by_label("Evidence and comments")).to_have_value("Typed before uploading")
    assert dialogs == ["beforeunload"]

    evidence = tmp_path / "supervision-audit.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Add an evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Save draft and upload file").click()
    expect(page.get_by_text("supervision-audit.pdf has been added")).to_be_visible()
    first = page.locator(".scrutiny-question").first
    expect(first.get_by_label("Evidence and comments")).to_have_value("Typed before uploading")
    assert dialogs == ["beforeunload"]  # submitting the form itself never asks
