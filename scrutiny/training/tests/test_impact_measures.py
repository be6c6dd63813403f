"""Training follow-up questions as impact measures: every three-month answer from sessions
held by the start, pooled, against every answer from sessions held since."""

import datetime
from decimal import Decimal as D

import pytest

from scrutiny.actions.impact import Outcome, kinds, measured_change, set_measure
from scrutiny.actions.models import Action, ActionSource
from scrutiny.training.models import Course, TrainingProgramme, TrainingSession

from .test_training import add_evaluation

START = datetime.date(2026, 5, 1)


@pytest.fixture
def course(board):
    programme = TrainingProgramme.objects.create(board=board, year=2026)
    return Course.objects.create(programme=programme, title="Recognising neglect")


def held(course, day):
    return TrainingSession.objects.create(course=course, date=day, venue="Town hall", capacity=20)


@pytest.fixture
def action(board):
    item = Action.objects.create(
        region=board.region, title="Act", due_date=START, source=ActionSource.OTHER
    )
    item.boards.add(board)
    return item


def change_of(action, board, code):
    measure = set_measure(
        action, board, choice=f"training:{code}", start_date=START, note="", user=None
    )
    return measured_change(measure)


def test_practice_change_before_and_since_the_start(board, other_board, course, action):
    march, april = held(course, datetime.date(2026, 3, 2)), held(course, START)
    september = held(course, datetime.date(2026, 9, 1))
    # Before (sessions held up to 1 May): 1 of 4 agree or strongly agree = 25%.
    add_evaluation(march, "follow_up", {"practice": "strongly-agree"})
    add_evaluation(march, "follow_up", {"practice": "neither"})
    add_evaluation(april, "follow_up", {"practice": "disagree"})
    add_evaluation(april, "follow_up", {"practice": "strongly-disagree"})
    add_evaluation(april, "end", {"practice": "strongly-agree"})  # end of session: not counted
    # Since: 3 of 4 = 75%.
    for level in ["agree", "strongly-agree", "agree", "neither"]:
        add_evaluation(september, "follow_up", {"practice": level})
    other = Course.objects.create(
        programme=TrainingProgramme.objects.create(board=other_board, year=2026), title="Other"
    )
    add_evaluation(held(other, datetime.date(2026, 9, 1)), "follow_up", {"practice": "disagree"})

    change = change_of(action, board, "practice")
    before, now = change.reading.before, change.reading.now
    assert (before.value, before.label, before.when) == (D(25), "4 answers from 2 sessions", START)
    assert (now.value, now.label) == (D(75), "4 answers from 1 session")
    assert change.outcome == Outcome.IMPROVED
    assert change.words == "Improved: 25% → 75% (higher is better)"


def test_less_than_the_threshold_is_no_change_and_no_session_since_is_not_yet(
    board, course, action
):
    march, june = held(course, datetime.date(2026, 3, 2)), held(course, datetime.date(2026, 6, 1))
    for level in ["agree", "agree", "agree", "neither"]:  # 3 of 4 = 75%
        add_evaluation(march, "follow_up", {"confidence": level})
    for level in ["agree"] * 7 + ["neither"] * 2:  # 7 of 9 = 77.8%: 2.8 points, under 5
        add_evaluation(june, "follow_up", {"confidence": level})
    assert change_of(action, board, "confidence").outcome == Outcome.NO_CHANGE
    # every other question was answered "agree": 100% before and since
    assert change_of(action, board, "shared").outcome == Outcome.NO_CHANGE
    june.delete()
    assert change_of(action, board, "confidence").outcome == Outcome.NOT_YET


def test_only_scale_questions_of_the_follow_up_are_offered(board):
    options = dict(kinds()["training"].options(board))
    assert set(options) == {"knowledge", "confidence", "practice", "shared"}
