"""The business manager records a serious incident, notifies the Panel, asks an agency for its
information, records the rapid review's decision and starts the local review; the board home
panel and the clock page show the deadlines; every page passes axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from scrutiny.core.workingdays import add_working_days
from scrutiny.demo.incidents import create_demo_incidents
from scrutiny.incidents.models import LocalReview, SeriousIncident
from scrutiny.reviews.models import Review

from .conftest import assert_accessible, fill_date, follow
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_rapid_review_and_decision(page: Page, demo):  # noqa: F811
    create_demo_incidents(demo)
    today = timezone.localdate()
    learned = add_working_days(today, -1)

    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    expect(page.locator("#panel-clocks-section")).to_contain_text("SI Child R")
    assert_accessible(page)

    page.get_by_role("link", name="Incidents", exact=True).click()
    expect(page.get_by_role("heading", name="Serious incidents and reviews")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a serious incident").click()
    page.get_by_label("Case reference").fill("SI Child W")
    fill_date(page, "When did the local authority become aware", learned)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="SI Child W")).to_be_visible()
    panel_due = add_working_days(learned, 5)
    expect(page.locator("#incident-facts")).to_contain_text(f"{panel_due:%A} {panel_due.day}")
    assert_accessible(page)

    page.get_by_role("link", name="Edit the incident and its notifications").click()
    fill_date(page, "Panel notified on", today)
    page.get_by_label("Who notified the Panel").fill("Head of Safeguarding")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#incident-facts")).to_contain_text("on time")

    page.locator("#incident-facts").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Rapid review", exact=True)).to_be_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Ask an agency for its information"))
    assert_accessible(page)
    page.get_by_label("Agency").select_option(label="Riverside Police")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#contribution-requests")).to_contain_text("Riverside Police")

    page.get_by_role("link", name="Record the meeting, decision and the Panel").click()
    fill_date(page, "Rapid review meeting on", today)
    page.get_by_label("A local child safeguarding practice review is needed").check()
    page.get_by_label("Why").fill("Learning about escalation between agencies.")
    fill_date(page, "Decision made on", today)
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#decision")).to_contain_text("A local child safeguarding practice")

    page.get_by_role("link", name="Start the local review").click()
    page.get_by_label("Review reference").fill("CSPR Child W")
    page.get_by_label("Short description").fill("Escalation between agencies")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#local-review-facts")).to_contain_text("Final report due by")
    assert_accessible(page)
    local = LocalReview.objects.get(review__reference="CSPR Child W")
    assert local.incident == SeriousIncident.objects.get(reference="SI Child W")
    assert Review.objects.filter(board__slug="ashbourne", reference="CSPR Child W").exists()

    page.goto("/b/ashbourne/incidents/clocks/")
    expect(page.locator("#clocks")).to_contain_text("Final report of local review CSPR Child W")
    expect(page.locator("#clocks")).to_contain_text("Send the rapid review of SI Child R")
    assert_accessible(page)
