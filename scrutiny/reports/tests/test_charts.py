"""The report's charts are drawn once for the figures they show, and again when they change."""

import pytest
from django.core.cache import cache

from scrutiny.reports import charts


@pytest.fixture
def drawn(monkeypatch):
    """The charts actually drawn (not taken from the cache), in order."""
    cache.clear()
    calls = []
    draw = charts.draw_bar_png

    def counting(chart):
        calls.append(chart["title"])
        return draw(chart)

    monkeypatch.setattr(charts, "draw_bar_png", counting)
    yield calls
    cache.clear()


def chart(values):
    return {
        "title": "Attendance (%)",
        "labels": ["Police", "Health"],
        "values": values,
        "unit": "%",
    }


def test_the_same_figures_are_drawn_once(drawn):
    first = charts.bar_png(chart([80.0, 95.5]))
    again = charts.bar_png(chart([80.0, 95.5]))
    assert drawn == ["Attendance (%)"]
    assert again == first
    assert first.startswith(b"\x89PNG")


def test_changed_figures_draw_a_new_chart(drawn):
    first = charts.bar_png(chart([80.0, 95.5]))
    changed = charts.bar_png(chart([80.0, 96.0]))
    retitled = charts.bar_png({**chart([80.0, 96.0]), "title": "Attendance in 2026-27 (%)"})
    assert drawn == ["Attendance (%)", "Attendance (%)", "Attendance in 2026-27 (%)"]
    assert len({first, changed, retitled}) == 3


def test_a_red_indicators_chart_shows_only_the_last_years_set(board, settings):
    """SCRUTINY_REPORT_CHART_YEARS = 2 for 2026-27 (to 31 March 2027): quarters ending after
    31 March 2025, so of 2022 Q1 to 2026 Q4 only 2025 Q2 to 2026 Q4, seven quarters."""
    import datetime
    from decimal import Decimal

    from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
    from scrutiny.dataset.periods import parse_period
    from scrutiny.library.models import IndicatorDefinition, Polarity
    from scrutiny.reports.framework import ReportYear
    from scrutiny.reports.sections import gather_data_set

    settings.SCRUTINY_REPORT_CHART_YEARS = 2
    indicator = (
        IndicatorDefinition.objects.filter(template__code="common-data-set", period="quarter")
        .order_by("order")
        .first()
    )
    red = Decimal(1) if indicator.polarity == Polarity.HIGHER_IS_BETTER else Decimal(99)
    for year in range(2022, 2027):
        for quarter in (1, 2, 3, 4):
            label = f"{year} Q{quarter}"
            IndicatorValue.objects.create(
                board=board,
                indicator=indicator,
                period_label=label,
                period_end=parse_period(label, "quarter").end,
                numerator=red,
                denominator=Decimal(100) if indicator.denominator else None,
                source=ValueSource.MANUAL,
            )
    Target.objects.create(
        board=board,
        indicator=indicator,
        period_label="2026 Q4",
        target=Decimal(50),
        tolerance=Decimal(1),
    )
    data = gather_data_set(board, ReportYear.of("2026-27", datetime.date(2027, 6, 1)))
    (chart,) = [c for c in data["charts"] if c["title"].startswith(indicator.name)]
    assert chart["title"] == f"{indicator.name} (red): values by period, last 2 years"
    assert chart["labels"] == [
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
        "2026 Q4",
    ]
