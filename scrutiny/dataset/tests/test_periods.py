"""Financial years: annual values entered and imported, and a quarterly indicator's year
total computed from its quarters (numerators and denominators added first)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.dataset.models import IndicatorValue
from scrutiny.dataset.periods import BadPeriod, Period, parse_period
from scrutiny.dataset.tests.values import hold, indicator
from scrutiny.dataset.year_totals import year_totals
from scrutiny.jobs.tests.helpers import through_job

QUARTER_ENDS = {
    "2024 Q2": datetime.date(2024, 6, 30),
    "2024 Q3": datetime.date(2024, 9, 30),
    "2024 Q4": datetime.date(2024, 12, 31),
    "2025 Q1": datetime.date(2025, 3, 31),
}


@pytest.mark.parametrize(
    ("label", "stored", "start", "end"),
    [
        ("2024-25 Q1", "2024 Q2", datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)),
        ("2024-25 Q4", "2025 Q1", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
        ("2024 Q4", "2024 Q4", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
    ],
)
def test_financial_year_quarters_are_stored_as_calendar_quarters(label, stored, start, end):
    assert parse_period(label, "quarter") == Period(start, end, stored)


@pytest.mark.parametrize("label", ["2024-26 Q1", "2024-25 Q5", "2024-25"])
def test_bad_quarters_are_refused(label):
    with pytest.raises(BadPeriod):
        parse_period(label, "quarter")


@pytest.mark.django_db
def test_a_yearly_indicator_takes_a_financial_year_by_hand_and_by_file(
    client, login, manager, board
):
    login(client, manager)
    stability = indicator("lac-placement-stability")
    response = client.post(
        reverse("dataset:enter", args=[board.slug]),
        {"indicator": stability.pk, "period": "2024-25", "numerator": "9", "denominator": "90"},
    )
    assert response.status_code == 302
    text = (
        "indicator,period,numerator,denominator\n"
        "care-leavers-eet,2024-25,55,100\n"
        "contacts,2024-25,4000,\n"  # a quarterly indicator: a year is refused
    )
    refused = through_job(
        client,
        client.post(
            reverse("dataset:import", args=[board.slug]),
            {"file": SimpleUploadedFile("years.csv", text.encode())},
        ),
    )
    assert (
        "years.csv, row 3, period: &#x27;2024-25&#x27; is not a quarter like 2026 Q3"
        in refused.content.decode()
    )
    preview = through_job(
        client,
        client.post(
            reverse("dataset:import", args=[board.slug]),
            {"file": SimpleUploadedFile("years.csv", text.rsplit("contacts", 1)[0].encode())},
        ),
    )
    client.post(preview["Location"], {"action": "confirm"})
    held = {
        (v.indicator.code, v.period_label): (v.period_end, v.value)
        for v in IndicatorValue.objects.all()
    }
    assert held == {
        ("lac-placement-stability", "2024-25"): (datetime.date(2025, 3, 31), D(10)),
        ("care-leavers-eet", "2024-25"): (datetime.date(2025, 3, 31), D(55)),
    }


@pytest.mark.django_db
def test_a_flow_year_total_adds_numerators_and_denominators_first(board):
    # quarters of 10/20, 30/40, 5/10, 15/30: rates 50%, 75%, 50%, 50% (mean 56.25%),
    # but the year is (10+30+5+15) / (20+40+10+30) = 60 / 100 = 60%
    for (label, end), (n, d) in zip(
        QUARTER_ENDS.items(), [(10, 20), (30, 40), (5, 10), (15, 30)], strict=True
    ):
        hold(board, "re-referrals-12m", label, end, n, d)
    hold(board, "re-referrals-12m", "2025 Q2", datetime.date(2025, 6, 30), 1, 4)
    values = IndicatorValue.objects.filter(board=board)
    first, second = year_totals(indicator("re-referrals-12m"), values)
    assert (first.label, first.numerator, first.denominator, first.value) == (
        "2024-25",
        60,
        100,
        60,
    )
    assert "year total" in first.words
    # 2025-26 holds one quarter: no value rather than a partial sum
    assert (second.label, second.value, second.quarters) == ("2025-26", None, 1)
    assert second.worked_out == "1 of 4 quarters held"


@pytest.mark.django_db
def test_a_count_adds_its_quarters(board):
    for (label, end), n in zip(QUARTER_ENDS.items(), [100, 120, 90, 110], strict=True):
        hold(board, "contacts", label, end, n)
    (year,) = year_totals(indicator("contacts"), IndicatorValue.objects.all())
    assert (year.value, year.denominator) == (420, None)


@pytest.mark.django_db
def test_a_rate_per_10000_counts_the_population_once(board):
    # 30 + 20 + 25 + 25 = 100 referrals in the year among 20,000 children: 50 per 10,000
    # (adding the four quarters' populations would give 12.5)
    for (label, end), n in zip(QUARTER_ENDS.items(), [30, 20, 25, 25], strict=True):
        hold(board, "referrals-rate", label, end, n, 20_000)
    (year,) = year_totals(indicator("referrals-rate"), IndicatorValue.objects.all())
    assert (year.numerator, year.denominator, year.value) == (100, 20_000, 50)


@pytest.mark.django_db
def test_a_position_at_the_period_end_is_the_value_at_31_march(board):
    # children on a plan at each quarter's end; the year's figure is at 31 March: 45 per 10,000
    for (label, end), n in zip(QUARTER_ENDS.items(), [80, 100, 70, 90], strict=True):
        hold(board, "cp-plans-rate", label, end, n, 20_000)
    (year,) = year_totals(indicator("cp-plans-rate"), IndicatorValue.objects.all())
    assert (year.numerator, year.value, year.worked_out) == (90, 45, "the value at 31 March")


@pytest.mark.django_db
def test_yearly_indicators_have_no_computed_year_total(board):
    hold(board, "care-leavers-eet", "2024-25", datetime.date(2025, 3, 31), 55, 100)
    assert year_totals(indicator("care-leavers-eet"), IndicatorValue.objects.all()) == []


@pytest.mark.django_db
def test_indicator_page_and_export_show_the_year_total_labelled(client, login, manager, board):
    for (label, end), (n, d) in zip(
        QUARTER_ENDS.items(), [(10, 20), (30, 40), (5, 10), (15, 30)], strict=True
    ):
        hold(board, "re-referrals-12m", label, end, n, d)
    login(client, manager)
    page = client.get(reverse("dataset:indicator", args=[board.slug, "re-referrals-12m"]))
    html = page.content.decode()
    years = html[html.index('id="indicator-years"') :]
    assert "computed from the quarters, not stored" in years
    assert "2024-25" in years and "60.0%" in years
    assert "Four quarters added, numerators and denominators first" in years
    exported = client.get(reverse("dataset:data_set", args=[board.slug]), {"format": "csv"})
    text = exported.content.decode("utf-8-sig")
    assert text.splitlines()[0].endswith("Financial year,Year total,Year total worked out as")
    assert (
        "Re-referrals within 12 months,Percentage,2025 Q1,50.0,,No target,No real change,"
        "1 of 1 (quartile 1),50.0,2024-25,60.0,"
        '"four quarters added, numerators and denominators first"' in text
    )


@pytest.mark.django_db
def test_the_annual_report_shows_each_indicators_year_value(board):
    from scrutiny.reports.sections import ReportYear, gather_data_set

    for (label, end), (n, d) in zip(
        QUARTER_ENDS.items(), [(10, 20), (30, 40), (5, 10), (15, 30)], strict=True
    ):
        hold(board, "re-referrals-12m", label, end, n, d)
    hold(board, "care-leavers-eet", "2024-25", datetime.date(2025, 3, 31), 55, 100)
    hold(board, "contacts", "2024 Q2", datetime.date(2024, 6, 30), 100)  # one quarter only
    data = gather_data_set(board, ReportYear.of("2024-25", datetime.date(2025, 6, 1)))
    (table,) = data["tables"]
    assert table["header"][-1].startswith("2024-25 (year total")
    last = {row[0]: row[-1] for row in table["rows"]}
    assert last["Re-referrals within 12 months"] == "60%"
    assert last["Care leavers in education, employment or training"] == "55%"
    assert last["Contacts to children's social care"] == "–"
