"""`latest_readings`: each indicator's latest value, target and RAG, as `board_rows` has them,
read from the latest value of each only (the board home's red count and the board pack)."""

import datetime
from decimal import Decimal as D

from scrutiny.dataset.board_data import board_rows, latest_readings
from scrutiny.dataset.models import Target
from scrutiny.dataset.tests.values import hold, indicator
from scrutiny.library.data_set import current_data_set, current_indicators


def _readings(rows):
    return [(r.indicator.pk, r.latest_label, r.latest, r.target, r.rag) for r in rows]


def test_latest_readings_agree_with_board_rows_with_and_without_an_end_date(board, other_board):
    hold(board, "assessments-45-days", "2026 Q1", datetime.date(2026, 6, 30), 30, 60)
    hold(board, "assessments-45-days", "2026 Q2", datetime.date(2026, 9, 30), 40, 60)
    hold(board, "assessments-45-days", "2026 Q3", datetime.date(2026, 12, 31), 45, 60)
    hold(other_board, "assessments-45-days", "2026 Q3", datetime.date(2026, 12, 31), 6, 60)
    for label, target in [("2026 Q2", 90), ("2026 Q3", 80)]:
        Target.objects.create(
            board=board,
            indicator=indicator("assessments-45-days"),
            period_label=label,
            target=D(target),
            tolerance=D(5),
        )
    indicators = list(current_indicators())
    for until in (None, datetime.date(2026, 9, 30), datetime.date(2020, 1, 1)):
        readings = latest_readings(board, indicators, until=until)
        assert _readings(readings) == _readings(board_rows(board, indicators, until=until))
    by_code = {r.indicator.code: r for r in latest_readings(board, indicators)}
    latest = by_code["assessments-45-days"]
    assert (latest.latest_label, latest.latest, latest.rag.word) == ("2026 Q3", D(75), "Amber")
    earlier = {
        r.indicator.code: r
        for r in latest_readings(board, indicators, until=datetime.date(2026, 9, 30))
    }["assessments-45-days"]
    assert (earlier.latest_label, earlier.target, earlier.rag.word) == ("2026 Q2", D(90), "Red")


def test_current_indicators_are_the_current_data_sets(db):
    assert list(current_indicators()) == list(current_data_set().indicators.all())


def test_latest_readings_read_values_and_targets_in_one_query(
    board, other_board, django_assert_num_queries
):
    hold(board, "assessments-45-days", "2026 Q2", datetime.date(2026, 9, 30), 40, 60)
    hold(board, "assessments-45-days", "2026 Q3", datetime.date(2026, 12, 31), 45, 60)
    Target.objects.create(
        board=board,
        indicator=indicator("assessments-45-days"),
        period_label="2026 Q3",
        target=D(80),
        tolerance=D(5),
    )
    indicators = list(current_indicators())
    with django_assert_num_queries(1):
        readings = latest_readings(board, indicators)
    latest = {r.indicator.code: r for r in readings}["assessments-45-days"]
    assert (latest.latest_label, latest.target, latest.rag.word) == ("2026 Q3", D(80), "Amber")
