"""A business manager sets a priority with an objective and an action; the agency lead
completes the action with evidence; the chair sees it on the golden-thread page. A
challenge goes unanswered past its date and is escalated."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from scrutiny.challenges.services import escalate_overdue
from scrutiny.demo.plan import create_demo_plan

from .conftest import assert_accessible, fill_date
from .test_shell import demo, pass_two_factor, sign_in, sign_out  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_priority_to_golden_thread_and_an_escalated_challenge(page: Page, demo):  # noqa: F811
    today = timezone.localdate()
    sign_in(page, "manager.westbridge")
    pass_two_factor(page)
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("link", name="Add a priority").click()
    page.get_by_label("Title").fill("Children missing from home")
    fill_date(page, "Starts", datetime.date(today.year, 4, 1))
    fill_date(page, "Ends", datetime.date(today.year + 1, 3, 31))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Children missing from home")).to_be_visible()
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective").fill("Offer every child a return interview within 72 hours")
    page.get_by_label("Measure of success").fill("90% of return interviews within 72 hours")
    fill_date(page, "Achieved by", datetime.date(today.year + 1, 3, 31))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an action to Offer every child").click()
    page.get_by_label("Action").fill("Commission return interviews from the children's charity")
    page.get_by_label("Agency").select_option(label="Riverside Probation Service")
    page.get_by_label("Owner").select_option(label="Louise Carter")
    fill_date(page, "Due date", today + datetime.timedelta(days=60))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("has been added to the tracker")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "probation.lead")
    page.goto("/b/westbridge/actions/")
    page.get_by_role(
        "link", name="Commission return interviews from the children's charity"
    ).click()
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_label("Progress update").fill(
        "Contract signed; interviews started in every locality"
    )
    page.get_by_label("Evidence of completion").fill(
        "Signed contract and the first month's interview log"
    )
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Your update has been recorded.")).to_be_visible()
    sign_out(page)

    sign_in(page, "chair.westbridge")
    pass_two_factor(page)
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("link", name="1. Children missing from home").click()
    expect(page.locator("#priority-progress")).to_contain_text("1 of 1 action done")
    card = page.locator(".govuk-summary-card", has_text="Offer every child a return interview")
    expect(card).to_contain_text("Completed")
    expect(card).to_contain_text("Latest: Contract signed; interviews started")
    assert_accessible(page)

    # The chair logs a challenge whose response date has already passed.
    page.get_by_role("link", name="Challenge", exact=True).click()
    page.get_by_role("link", name="Log a challenge").click()
    page.get_by_label("Challenge to").select_option(label="Riverside Probation Service")
    page.get_by_label("Issue").fill("How are probation staff told when a child goes missing?")
    fill_date(page, "Raised on", today - datetime.timedelta(days=30))
    fill_date(page, "Response due by", today - datetime.timedelta(days=1))
    page.get_by_role("button", name="Log challenge").click()
    expect(page.locator("#challenge-status")).to_contain_text("Response overdue")
    assert_accessible(page)

    escalate_overdue(today)  # what the daily `escalate_challenges` command does
    page.reload()
    expect(page.locator("#challenge-status")).to_contain_text("Escalated (level 1)")
    expect(page.locator("#escalations")).to_contain_text(
        "level 1, business manager to the agency's safeguarding lead"
    )
    assert any("escalated to level 1" in m.subject for m in mail.outbox)


def test_plan_and_meeting_pages_are_accessible(page: Page, demo):  # noqa: F811
    create_demo_plan(demo)
    sign_in(page, "admin")
    pass_two_factor(page)
    board = demo.boards.get(slug="ashbourne")
    priority = board.priorities.first()
    meeting = board.groups.get(is_main_board=True).meetings.first()
    for path in [
        "/b/ashbourne/plan/",
        f"/b/ashbourne/plan/priorities/{priority.pk}/",
        "/b/ashbourne/plan/priorities/add/",
        "/b/ashbourne/plan/risks/",
        "/b/ashbourne/plan/risks/add/",
        "/b/ashbourne/challenges/?show=all",
        "/b/ashbourne/challenges/raise/",
        f"/b/ashbourne/challenges/{board.challenges.first().pk}/",
        "/b/ashbourne/meetings/",
        f"/b/ashbourne/meetings/groups/{meeting.group_id}/",
        f"/b/ashbourne/meetings/{meeting.pk}/",
        "/b/ashbourne/meetings/add/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)


def test_data_set_pages_are_accessible(page: Page, demo):  # noqa: F811
    from scrutiny.demo.dataset import create_demo_data_set

    create_demo_plan(demo)
    create_demo_data_set(demo)
    sign_in(page, "admin")
    pass_two_factor(page)
    priority = demo.boards.get(slug="ashbourne").priorities.first()
    for path in [
        "/b/ashbourne/data/",
        "/b/ashbourne/data/indicators/assessments-45-days/",
        "/b/ashbourne/data/enter/",
        "/b/ashbourne/data/import/",
        "/b/ashbourne/data/targets/",
        f"/b/ashbourne/data/scorecards/{priority.pk}/",
        "/b/ashbourne/data/completeness/",
        "/b/ashbourne/data/statutory-returns/",
        "/b/ashbourne/data/neighbours/",
        "/b/ashbourne/data/indicators/re-referrals-12m/",
        "/r/riverside/national-figures/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.goto("/b/ashbourne/data/indicators/assessments-45-days/")
    expect(
        page.get_by_role("img", name="Assessments completed within 45 working days")
    ).to_be_visible()
