"""The formulas of MEASURES.md, checked against values worked out by hand."""

import datetime
from decimal import Decimal as D

import pytest

from scrutiny.dataset.measures import (
    BoardFigure,
    benchmark,
    change_from_baseline,
    is_small_number,
    pooled_rate,
    rag,
    trend,
    variance,
)
from scrutiny.dataset.models import indicator_value
from scrutiny.dataset.periods import BadPeriod, parse_period


@pytest.mark.parametrize(
    ("numerator", "denominator", "factor", "expected"),
    [
        (D(45), D(60), 100, D(75)),  # 45 of 60 assessments in time: 75%
        (D(120), D(48000), 10_000, D(25)),  # 120 section 47s in 48,000 children: 25 per 10,000
        (D(37), None, 1, D(37)),  # a count is its numerator
        (D(5), D(0), 100, None),  # no value when dividing by zero
    ],
)
def test_indicator_value(numerator, denominator, factor, expected):
    assert indicator_value(numerator, denominator, factor) == expected


@pytest.mark.parametrize(
    ("actual", "target", "tolerance", "higher", "word"),
    [
        (D(80), D(80), D(5), True, "Green"),  # on target
        (D(82), D(80), D(5), True, "Green"),  # beyond
        (D(75), D(80), D(5), True, "Amber"),  # exactly the tolerance short: bands touch
        (D(74.9), D(80), D(5), True, "Red"),
        (D(18), D(20), D(2), False, "Green"),  # lower is better
        (D(22), D(20), D(2), False, "Amber"),
        (D(23), D(20), D(2), False, "Red"),
        (None, D(20), D(2), False, "No value"),
        (D(23), None, D(2), False, "No target"),
    ],
)
def test_rag_bands(actual, target, tolerance, higher, word):
    assert rag(actual, target, tolerance, higher).word == word


def test_grey_rag_says_why():
    assert rag(None, D(1), D(0), True).reason == "no value for this period"
    assert rag(D(1), None, D(0), True).reason == "no target set for this period"


def test_variance_and_change_from_baseline():
    assert variance(D(90), D(80)) == D("0.125")
    assert variance(D(1), None) is None
    assert change_from_baseline([None, D(40), D(50), D(60)]) == D("0.5")
    assert change_from_baseline([D(40)]) is None


def test_trend_counts_how_long_it_has_lasted_and_ignores_small_changes():
    rising = trend([D(50), D(55), D(60), D(70)], higher_is_better=True, minimum_change=D(1))
    assert (rising.direction, rising.periods, rising.improving, rising.arrow) == (
        "up",
        3,
        True,
        "↑",
    )
    assert rising.words == "Up 3 periods, improving"
    worse = trend([D(10), D(12), D(11), D(15)], higher_is_better=False, minimum_change=D(1))
    assert (worse.direction, worse.periods, worse.improving) == ("up", 1, False)
    flat = trend([D(50), D(50.3)], higher_is_better=True, minimum_change=D("0.5"))
    assert (flat.direction, flat.arrow, flat.improving) == ("flat", "", None)
    assert trend([D(1)], True, D(1)) is None


def figure(board_id, numerator, denominator, factor=100):
    value = indicator_value(D(numerator), denominator and D(denominator), factor)
    base = numerator if denominator is None else denominator
    return BoardFigure(board_id, D(numerator), denominator and D(denominator), value, base < 10)


def test_benchmark_against_the_region():
    # Five boards each with 100 children: 70%, 80%, 60%, 90%, 75%.
    region = [figure(i, n, 100) for i, n in enumerate([70, 80, 60, 90, 75])]
    b = benchmark(region[4], region, higher_is_better=True, factor=100)
    assert (b.rank, b.of, b.quartile) == (3, 5, 2)
    assert (b.mean, b.median, b.best, b.worst) == (D(75), D(75), D(90), D(60))
    assert b.quartile_words == "quartile 1 = best; higher is better"
    low = benchmark(region[2], region, higher_is_better=False, factor=100)
    assert (low.rank, low.best, low.worst) == (1, D(60), D(90))
    assert low.quartile_words == "quartile 1 = best; lower is better"


def test_benchmark_pools_the_region_and_never_ranks_a_tiny_board_best():
    # Re-referrals (lower is better). Worked by hand:
    # A 0 of 3 = 0% (3 children: small numbers), B 20/100 = 20%, C 45/150 = 30%, D 10/40 = 25%.
    a, b, c, d = figure(1, 0, 3), figure(2, 20, 100), figure(3, 45, 150), figure(4, 10, 40)
    region = [a, b, c, d]
    tiny = benchmark(a, region, higher_is_better=False, factor=100)
    assert tiny.small and tiny.rank is None and tiny.quartile is None
    assert tiny.rank_words == "Not ranked: small numbers"
    # Best and worst among B, C and D only: 20% and 30%, not A's 0%.
    assert (tiny.best, tiny.worst, tiny.of, tiny.small_boards) == (D(20), D(30), 3, 1)
    # The mean of boards' rates counts each board once: (0 + 20 + 30 + 25) / 4 = 18.75.
    assert tiny.mean == D("18.75") and tiny.median == D("22.5")
    # Pooled: (0 + 20 + 45 + 10) / (3 + 100 + 150 + 40) × 100 = 75 / 293 × 100.
    assert tiny.pooled == D(75) / D(293) * 100
    assert round(tiny.pooled, 2) == D("25.60")
    second = benchmark(d, region, higher_is_better=False, factor=100)
    assert (second.rank, second.of, second.quartile, second.small) == (2, 3, 2, False)
    assert second.rank_words == "2 of 3 (quartile 2)"


@pytest.mark.parametrize(
    ("numerator", "denominator", "small"),
    [
        (D(0), D(9), True),  # a rate over 9 children
        (D(5), D(10), False),  # 10 children is enough
        (D(7), None, True),  # a count of 7 children
        (D(12), None, False),
    ],
)
def test_small_numbers_rest_on_the_denominator_or_a_count(numerator, denominator, small):
    assert is_small_number(numerator, denominator, 10) is small


def test_pooled_rate_of_rates_per_10000_and_none_for_counts():
    # 120 of 48,000 and 60 of 12,000 children: 180 / 60,000 × 10,000 = 30 per 10,000.
    rates = [figure(1, 120, 48000, 10_000), figure(2, 60, 12000, 10_000)]
    assert pooled_rate(rates, 10_000) == D(30)
    assert pooled_rate([figure(1, 37, None, 1)], 1) is None


@pytest.mark.parametrize(
    ("label", "kind", "start", "end"),
    [
        ("2026-27", "year", datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)),
        ("2026 Q1", "quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2024 Q4", "quarter", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
        ("2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
    ],
)
def test_periods(label, kind, start, end):
    period = parse_period(label, kind)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("label", "kind"),
    [("2026-28", "year"), ("2026 Q5", "quarter"), ("2026-13", "month"), ("Q3", "quarter")],
)
def test_bad_periods_are_explained(label, kind):
    with pytest.raises(BadPeriod, match=f"'{label}' is not"):
        parse_period(label, kind)
