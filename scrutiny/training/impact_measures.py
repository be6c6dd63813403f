"""Training follow-up questions as impact measures (registered from `TrainingConfig.ready()`).

A measure names a scale question of the three-month follow-up evaluation ("I have changed my
practice as a result of the course"). Before the action: every follow-up answer to it from
the board's sessions held on or before the start, pooled; now: every answer from sessions
held since. The value is the share of favourable answers (agree or strongly agree), as on the
training impact page. "No change": fewer points than SCRUTINY_IMPACT_NO_CHANGE_POINTS.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.actions.impact import Point, Reading, percentage_points, share
from scrutiny.library.models import AnswerType, TemplateQuestion
from scrutiny.questionnaires.models import Answer
from scrutiny.tenancy.models import Board

from .impact import FAVOURABLE_RANKS
from .models import EvaluationStage
from .services import evaluation_template


def _pooled(answers: list[tuple[datetime.date, bool]]) -> Point | None:
    if not answers:
        return None
    favourable = sum(1 for _, good in answers if good)
    sessions = len({day for day, _ in answers})
    value = share(favourable, len(answers))
    assert value is not None
    return Point(
        value,
        max(day for day, _ in answers),
        f"{len(answers)} answers from {sessions} session{'s' if sessions != 1 else ''}",
    )


class TrainingFollowUpMeasures:
    key = "training"
    label = "Training follow-up question"

    def _questions(self) -> list[TemplateQuestion]:
        template = evaluation_template(EvaluationStage.FOLLOW_UP)
        if template is None:
            return []
        return list(
            TemplateQuestion.objects.filter(
                section__template=template, answer_type=AnswerType.SCALE
            ).order_by("section__order", "order")
        )

    def options(self, board: Board) -> list[tuple[str, str]]:
        return [(q.code, f"{q.number} {q.text}".strip()) for q in self._questions()]

    def read(
        self, board: Board, reference: str, start: datetime.date, until: datetime.date | None
    ) -> Reading | None:
        question = next((q for q in self._questions() if q.code == reference), None)
        if question is None:
            return None
        answers = Answer.objects.filter(
            response__training_evaluation__stage=EvaluationStage.FOLLOW_UP,
            response__training_evaluation__session__course__programme__board=board,
            question__code=reference,
            question__answer_type=AnswerType.SCALE,
            level__isnull=False,
        ).values_list("response__training_evaluation__session__date", "level__rank")
        before, since = [], []
        for day, rank in answers:
            if until is not None and day > until:
                continue
            (before if day <= start else since).append((day, rank <= FAVOURABLE_RANKS))
        return Reading(
            name=f"{question.text} (% agree or strongly agree, three months on)",
            higher_is_better=True,
            no_change_within=percentage_points(),
            unit="%",
            before=_pooled(before),
            now=_pooled(since),
            url=reverse("training:home", args=[board.slug]),
        )
