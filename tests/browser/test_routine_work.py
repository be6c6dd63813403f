"""Routine work in fewer steps, in a browser with axe: the manager sets a year's targets on
one page and schedules a year of quarterly returns in one form; the lists that grow page."""

import pytest
from playwright.sync_api import Page, expect

from scrutiny.dataset.models import Target
from scrutiny.library.models import FrameworkTemplate
from scrutiny.returns.models import ReturnRequest

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sets_a_years_targets_and_schedules_a_years_returns(page: Page, demo):  # noqa: F811
    sign_in(page, "manager.ashbourne")
    pass_two_factor(page)
    page.goto("/b/ashbourne/data/targets/year/?year=2030")
    expect(page.get_by_role("heading", level=1, name="Targets for 2030-31")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Assessments completed within 45 working days, one target for all").fill("85")
    page.get_by_role("button", name="Save the year's targets").click()
    expect(page.get_by_text("The targets for 2030-31 have been saved")).to_be_visible()
    assert (
        Target.objects.filter(
            board__slug="ashbourne",
            indicator__code="assessments-45-days",
            period_label__in=["2030 Q2", "2030 Q3", "2030 Q4", "2031 Q1"],
            target=85,
        ).count()
        == 4
    )

    before = ReturnRequest.objects.filter(board__slug="ashbourne").count()
    page.goto("/b/ashbourne/returns/schedule/year/")
    assert_accessible(page)
    quarterly = FrameworkTemplate.objects.get(code="quarterly-agency-report", owner_board=None)
    page.get_by_label("Return", exact=True).select_option(value=str(quarterly.pk))
    page.get_by_label("Financial year").select_option(label="2027-28")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name="Check the due dates")).to_be_visible()
    assert_accessible(page)
    ticked = page.locator("input[name=agencies]:checked").count()
    assert ticked > 0
    page.get_by_role("button", name="Ask for the returns").click()
    expect(page.get_by_text("returns asked for")).to_be_visible()
    assert ReturnRequest.objects.filter(board__slug="ashbourne").count() == before + 4 * ticked
