"""Public feedback-form questions as impact measures (registered from `VoiceConfig.ready()`).

A measure names one of the board's feedback forms and a scale question on it ("Do adults
listen to you when you tell them something important?"). Before the action: every answer
given on or before the start, pooled; now: every answer given since. The value is the share
in the top two levels of the scale ("yes, a lot" and "yes, a bit"), as on the form's results
page. "No change": fewer points than SCRUTINY_IMPACT_NO_CHANGE_POINTS.
"""

from __future__ import annotations

import datetime

from scrutiny.actions.impact import Point, Reading, percentage_points, share
from scrutiny.library.models import AnswerType, TemplateQuestion
from scrutiny.questionnaires.models import Answer
from scrutiny.tenancy.models import Board

from .models import FeedbackForm

POSITIVE_LEVELS = 2  # the top two levels of the scale, as `feedback.QuestionResult.positive`


def _pooled(answers: list[tuple[datetime.date, bool]]) -> Point | None:
    if not answers:
        return None
    value = share(sum(1 for _, good in answers if good), len(answers))
    assert value is not None
    return Point(value, max(day for day, _ in answers), f"{len(answers)} answers")


class FeedbackMeasures:
    key = "feedback"
    label = "Feedback form question"

    def _questions(self, board: Board) -> list[tuple[FeedbackForm, TemplateQuestion]]:
        forms = list(FeedbackForm.objects.filter(board=board).order_by("title"))
        questions: dict[int, list[TemplateQuestion]] = {}
        for q in TemplateQuestion.objects.filter(
            section__template__in={f.template_id for f in forms}, answer_type=AnswerType.SCALE
        ).order_by("section__order", "order"):
            questions.setdefault(q.section.template_id, []).append(q)
        return [(f, q) for f in forms for q in questions.get(f.template_id, [])]

    def options(self, board: Board) -> list[tuple[str, str]]:
        return [
            (f"{f.pk}:{q.code}", f"{f.title}: {q.number} {q.text}")
            for f, q in self._questions(board)
        ]

    def read(
        self, board: Board, reference: str, start: datetime.date, until: datetime.date | None
    ) -> Reading | None:
        found = next(
            ((f, q) for f, q in self._questions(board) if f"{f.pk}:{q.code}" == reference), None
        )
        if found is None:
            return None
        form, question = found
        answers = Answer.objects.filter(
            response__feedback_submission__form=form, question=question, level__isnull=False
        ).values_list("response__feedback_submission__submitted_on", "level__rank")
        before, since = [], []
        for day, rank in answers:
            if until is not None and day > until:
                continue
            (before if day <= start else since).append((day, rank <= POSITIVE_LEVELS))
        return Reading(
            name=f"{form.title}: {question.text} (% in the top two answers)",
            higher_is_better=True,
            no_change_within=percentage_points(),
            unit="%",
            before=_pooled(before),
            now=_pooled(since),
            url=form.get_absolute_url(),
        )
