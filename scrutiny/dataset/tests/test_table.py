"""The data-set table's rows drawn in Python (`dataset.table`): each cell as the template had
it, with the figures worked out by hand."""

import re
from decimal import Decimal as D

from scrutiny.dataset.board_data import IndicatorRow
from scrutiny.dataset.measures import Benchmark, Rag, Trend
from scrutiny.dataset.table import TableRow, history_rows, shown_value, since_baseline
from scrutiny.library.models import IndicatorDefinition

CELL = re.compile(r'<td class="govuk-table__cell[^"]*">(.*?)</td>')


def _indicator(unit: str, polarity: str = "higher_is_better") -> IndicatorDefinition:
    return IndicatorDefinition(code="x-y", name="Visits <on time>", unit=unit, polarity=polarity)


def test_values_show_as_the_unit_says():
    assert shown_value(D("75.04"), _indicator("percent")) == "75.0%"
    assert shown_value(D("12.34"), _indicator("rate_per_10000")) == "12.3"
    assert shown_value(D("224.6"), _indicator("count")) == "225"
    assert shown_value(None, _indicator("percent")) == "–"
    assert since_baseline(D("-0.6123")) == "-61%"
    assert since_baseline(D("0.25")) == "25%"
    assert since_baseline(None) == "–"


def test_a_row_renders_every_cell():
    indicator = _indicator("percent")
    row = IndicatorRow(
        indicator=indicator,
        history=[("2026 Q2", D("70")), ("2026 Q3", D("75"))],
        latest_label="2026 Q3",
        latest=D("75"),
        target=D("80"),
        rag=Rag("Amber", "orange"),
        trend=Trend("up", 1, True),
        variance=D("-0.0625"),
        change=D("0.0714"),  # (75 − 70) ÷ 70
        benchmark=Benchmark(
            rank=2, of=5, quartile=2, mean=D(70), median=D(70), best=D(90), worst=D(50),
            pooled=None, small=False, small_boards=0, boards=5,
        ),
    )  # fmt: skip
    html = str(TableRow(row, "/b/x/data/indicators/x-y/"))
    cells = CELL.findall(html)
    assert cells == [
        '<a class="govuk-link" href="/b/x/data/indicators/x-y/">Visits &lt;on time&gt;</a>'
        '<span class="govuk-body-s govuk-!-display-block">Higher is better</span>',
        "2026 Q3",
        "75.0%",
        "80.0%",
        '<span aria-hidden="true">\u22125.0 pp</span>'
        '<span class="govuk-visually-hidden">5.0 percentage points below target</span>',
        "7%",
        '<span aria-hidden="true">↑</span> Up 1 period, improving',
        '<strong class="govuk-tag govuk-tag--orange">Amber</strong>',
        "2 of 5 (quartile 2)",
    ]


def test_a_row_without_values_shows_dashes_and_authorities_their_figures():
    indicator = _indicator("count", "lower_is_better")
    row = IndicatorRow(
        indicator=indicator,
        history=[],
        latest_label=None,
        latest=None,
        target=None,
        rag=Rag("No value", "grey", "no value for this period"),
        trend=None,
        variance=None,
        change=None,
        benchmark=None,
    )

    class Area:
        name = "East & West"

    html = str(TableRow(row, "/i/", [(Area(), "2026 Q3", D("12"))]))
    cells = CELL.findall(html)
    assert cells[1:4] == [
        "–",
        '–<span class="govuk-body-s govuk-!-display-block">partnership, pooled</span>'
        '<span class="govuk-body-s govuk-!-display-block area-figure">East &amp; West: 12 '
        "(2026 Q3)</span>",
        "–",
    ]
    assert cells[4:] == [
        "–",
        "–",
        "–",
        '<strong class="govuk-tag govuk-tag--grey">No value</strong>',
        "–",
    ]


def test_the_indicator_pages_table_by_period_shows_each_value_and_its_periods_target():
    row = IndicatorRow(
        indicator=_indicator("percent"),
        history=[("2026 Q1", D("66.666")), ("2026 Q2", None), ("2026 Q3", D("75"))],
        latest_label="2026 Q3",
        latest=D("75"),
        target=D("80"),
        rag=Rag("Amber", "orange"),
        trend=None,
        variance=None,
        change=None,
        benchmark=None,
    )
    assert history_rows(row, {"2026 Q1": D("70"), "2026 Q3": D("80")}) == [
        ("2026 Q1", "66.7%", "70.0%"),
        ("2026 Q2", "–", "–"),
        ("2026 Q3", "75.0%", "80.0%"),
    ]
