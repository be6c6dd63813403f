"""Disproportionality and a partnership's authorities in the browser, each page checked
with axe: the population by group, an indicator by group (small numbers suppressed), and
the list of local authorities."""

import datetime

from playwright.sync_api import Page, expect

from scrutiny.dataset.models import Breakdown, LocalAuthority, Population, ValueSource
from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Board

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture


def test_population_groups_and_authorities(page: Page, demo):  # noqa: F811
    board = Board.objects.get(slug="ashbourne")
    indicator = IndicatorDefinition.objects.filter(code="cin-rate").order_by("-pk").first()
    for group, n in {"male": 120, "female": 3, "not-known": 7}.items():
        Breakdown.objects.create(
            board=board,
            indicator=indicator,
            period_label="2023-24",
            period_end=datetime.date(2024, 3, 31),
            dimension="sex",
            group=group,
            numerator=n,
            source=ValueSource.CIN,
        )
    sign_in(page, "admin")
    pass_two_factor(page)
    page.goto("/b/ashbourne/data/population/")
    assert_accessible(page)
    page.get_by_label("Financial year").fill("2023-24")
    page.get_by_label("Characteristic").select_option("sex")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("by sex, 2023-24")
    assert_accessible(page)
    page.get_by_label("Male (optional)", exact=True).fill("26000")
    page.get_by_label("Female (optional)", exact=True).fill("24000")
    page.get_by_role("button", name="Save population").click()
    expect(page.locator("#population-2023-24-sex")).to_contain_text("26000")
    assert Population.objects.get(board=board).children == {"male": 26000, "female": 24000}

    page.goto("/b/ashbourne/data/indicators/cin-rate/disproportionality/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("by group")
    table = page.locator("#table-sex")
    expect(table).to_contain_text("fewer than 5")
    expect(table).to_contain_text("120")
    assert_accessible(page)

    page.goto("/b/ashbourne/data/local-authorities/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Ashbourne Council")
    page.get_by_label("Council code").fill("E06000099")
    page.get_by_label("LA number").fill("899")
    page.get_by_role("button", name="Add local authority").click()
    expect(page.locator("#local-authorities")).to_contain_text("E06000099")
    assert LocalAuthority.objects.filter(board=board, census_code="899").exists()
