"""Indicators as impact measures: the value for the last period ending by the action's start,
the latest since, the indicator's polarity and its trend minimum as "no change"."""

import datetime
from decimal import Decimal as D

import pytest

from scrutiny.actions.impact import Outcome, kinds, measured_change, set_measure
from scrutiny.actions.models import Action, ActionSource

from .values import hold

START = datetime.date(2026, 5, 1)
Q3, Q4, Q1 = datetime.date(2025, 12, 31), datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)


@pytest.fixture
def action(board):
    item = Action.objects.create(
        region=board.region, title="Act", due_date=Q1, source=ActionSource.OTHER
    )
    item.boards.add(board)
    return item


def change_of(action, board, code):
    return measured_change(
        set_measure(action, board, choice=f"indicator:{code}", start_date=START, note="", user=None)
    )


def test_a_percentage_where_lower_is_better_improves(board, other_board, action):
    hold(board, "re-referrals-12m", "2025 Q4", Q3, 35, 100)  # older than the start's value
    hold(board, "re-referrals-12m", "2026 Q1", Q4, 30, 120)  # 25%: the value before
    hold(board, "re-referrals-12m", "2026 Q2", Q1, 20, 100)  # 20%: now
    hold(other_board, "re-referrals-12m", "2026 Q2", Q1, 90, 100)  # another board's: unread
    change = change_of(action, board, "re-referrals-12m")
    assert (change.reading.before.value, change.reading.before.label) == (D(25), "2026 Q1")
    assert (change.reading.now.value, change.reading.now.label) == (D(20), "2026 Q2")
    assert change.reading.higher_is_better is False
    assert change.reading.no_change_within == D("0.5")  # the trend minimum for rates and %
    assert change.outcome == Outcome.IMPROVED
    assert change.words == "Improved: 25% → 20% (lower is better)"


def test_a_percentage_where_higher_is_better_gets_worse(board, action):
    hold(board, "assessments-45-days", "2026 Q1", Q4, 80, 100)
    hold(board, "assessments-45-days", "2026 Q2", Q1, 70, 100)
    change = change_of(action, board, "assessments-45-days")
    assert change.outcome == Outcome.WORSE
    assert change.words == "Worse: 80% → 70% (higher is better)"


def test_a_rate_per_10000(board, action):
    hold(board, "referrals-rate", "2026 Q1", Q4, 300, 60000)  # 300 / 60,000 × 10,000 = 50
    hold(board, "referrals-rate", "2026 Q2", Q1, 240, 60000)  # 40
    change = change_of(action, board, "referrals-rate")
    assert (change.reading.before.value, change.reading.now.value) == (D(50), D(40))
    assert change.outcome == Outcome.IMPROVED and change.reading.unit == " per 10,000"


def test_a_count_moving_less_than_one_is_no_change(board, action):
    hold(board, "contacts", "2026 Q1", Q4, 500)
    hold(board, "contacts", "2026 Q2", Q1, "500.5")
    change = change_of(action, board, "contacts")
    assert change.reading.no_change_within == D(1)
    assert change.outcome == Outcome.NO_CHANGE


def test_one_value_is_not_yet_measurable(board, action):
    hold(board, "icpc-15-days", "2026 Q1", Q4, 9, 10)
    change = change_of(action, board, "icpc-15-days")
    assert change.outcome == Outcome.NOT_YET
    assert change.reason == "there is no value since 1 May 2026 yet"


def test_every_indicator_of_the_data_set_is_offered(board):
    options = dict(kinds()["indicator"].options(board))
    assert options["re-referrals-12m"] == "Re-referrals within 12 months"
