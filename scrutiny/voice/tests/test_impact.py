"""Public feedback-form questions as impact measures: every answer given by the start,
pooled, against every answer given since; the share in the top two answers."""

import datetime
from decimal import Decimal as D

import pytest

from scrutiny.actions.impact import MeasureRefused, Outcome, kinds, measured_change, set_measure
from scrutiny.actions.models import Action, ActionSource
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.voice.models import FeedbackForm, FeedbackSubmission

START = datetime.date(2026, 5, 1)


@pytest.fixture
def template(db):
    return FrameworkTemplate.objects.get(code="have-your-say", owner_board=None)


@pytest.fixture
def form(board, template):
    return FeedbackForm.objects.create(
        board=board, slug="young-people", title="Have your say", template=template
    )


def submit(form, day, levels):
    response = Response.objects.create(template=form.template)
    for code, level in levels.items():
        question = TemplateQuestion.objects.get(section__template=form.template, code=code)
        Answer.objects.create(
            response=response,
            question=question,
            level=ScaleLevel.objects.get(scale=question.scale, code=level),
        )
    FeedbackSubmission.objects.create(form=form, response=response, submitted_on=day)


@pytest.fixture
def action(board):
    item = Action.objects.create(
        region=board.region, title="Act", due_date=START, source=ActionSource.OTHER
    )
    item.boards.add(board)
    return item


def change_of(action, board, form, code):
    measure = set_measure(
        action, board, choice=f"feedback:{form.pk}:{code}", start_date=START, note="", user=None
    )
    return measured_change(measure)


def test_being_listened_to_before_and_since(board, form, action):
    # Before (to 1 May): 1 of 3 in the top two answers = 33.3%.
    for day, level in [
        (datetime.date(2026, 2, 1), "yes-a-lot"),
        (datetime.date(2026, 3, 1), "not-sure"),
        (START, "not-at-all"),
    ]:
        submit(form, day, {"listened-to": level, "feel-safe": "yes-a-lot"})
    # Since: 3 of 4 = 75%.
    for level in ["yes-a-lot", "yes-a-bit", "yes-a-bit", "not-really"]:
        submit(form, datetime.date(2026, 6, 1), {"listened-to": level, "feel-safe": "yes-a-bit"})
    change = change_of(action, board, form, "listened-to")
    assert change.reading.before.value == D(100) / 3 and change.reading.before.label == "3 answers"
    assert (change.reading.now.value, change.reading.now.label) == (D(75), "4 answers")
    assert change.outcome == Outcome.IMPROVED
    assert change.words == "Improved: 33.3% → 75% (higher is better)"
    # feeling safe: 100% of answers in the top two before and since
    assert change_of(action, board, form, "feel-safe").outcome == Outcome.NO_CHANGE
    # a question nobody has answered since the start
    assert change_of(action, board, form, "know-who-to-tell").outcome == Outcome.NOT_YET


def test_another_boards_form_cannot_be_named(board, other_board, template, action):
    theirs = FeedbackForm.objects.create(
        board=other_board, slug="theirs", title="Theirs", template=template
    )
    assert not [r for r, _ in kinds()["feedback"].options(board) if r.startswith(f"{theirs.pk}:")]
    with pytest.raises(MeasureRefused):
        set_measure(
            action,
            board,
            choice=f"feedback:{theirs.pk}:listened-to",
            start_date=START,
            note="",
            user=None,
        )
