"""Impact: the business manager names the measure of an action; the action page, the
measure page and the golden thread show the measured change, and are accessible."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.actions.impact import measure_for
from scrutiny.demo.dataset import create_demo_data_set
from scrutiny.demo.impact import create_demo_impact, demo_impact_actions
from scrutiny.demo.plan import create_demo_plan

from .conftest import assert_accessible, follow
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_naming_a_measure_and_seeing_the_change(page: Page, demo):  # noqa: F811
    create_demo_plan(demo)
    create_demo_data_set(demo)
    create_demo_impact(demo)
    board = demo.boards.get(slug="ashbourne")
    measured = demo_impact_actions(board)[0]
    unmeasured = board.actions.exclude(pk__in=[a.pk for a in demo_impact_actions(board)]).first()
    objective = measured.source_object
    sign_in(page, "admin")
    pass_two_factor(page)

    page.goto(f"/b/ashbourne/actions/{unmeasured.pk}/")
    expect(page.locator("#impact-measure")).to_contain_text("No measure named yet")
    follow(page, page.get_by_role("link", name="Name the measure that will show whether it worked"))
    assert_accessible(page)
    page.get_by_role("button", name="Save measure").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the measure that will show whether it worked"
    )
    page.get_by_label("Measure", exact=True).select_option(label="Re-referrals within 12 months")
    page.get_by_label("Why this measure").fill("Fewer families referred again")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator("#impact-measure")).to_contain_text("Re-referrals within 12 months")
    expect(page.locator("#impact-change")).to_be_visible()
    assert measure_for(unmeasured, board).note == "Fewer families referred again"
    assert_accessible(page)

    page.goto(f"/b/ashbourne/actions/{measured.pk}/")
    expect(page.locator("#impact-before")).not_to_contain_text("No value")
    assert_accessible(page)
    page.goto(objective.get_board_url(board))
    expect(page.locator(f"#action-{measured.pk}-impact")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/b/ashbourne/plan/objectives/{objective.pk}/measure/")
    assert_accessible(page)
