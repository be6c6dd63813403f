"""Impact of training worked out from evaluations: % favourable (agree or strongly agree) per
question, the facilitator standard, and summaries per course and per priority.

Each summary loads its answers in one query and groups them in Python, so a page costs the
same number of queries whatever the number of evaluations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from scrutiny.library.models import AnswerType
from scrutiny.questionnaires.models import Answer

from .models import Course, EvaluationStage, TrainingProgramme, TrainingSession

# The agreement scale lists its best level first: ranks 1 and 2 are "strongly agree" and
# "agree", the answers counted as favourable.
FAVOURABLE_RANKS = 2
# Questions in this library section make the facilitator standard.
FACILITATOR_SECTION = "facilitator"


@dataclass
class QuestionSummary:
    code: str
    text: str
    answered: int = 0
    favourable: int = 0

    @property
    def share(self) -> float | None:
        return 100 * self.favourable / self.answered if self.answered else None


@dataclass
class StageSummary:
    stage: str
    responses: int = 0
    questions: dict[str, QuestionSummary] = field(default_factory=dict)
    facilitator: QuestionSummary = field(
        default_factory=lambda: QuestionSummary("facilitator", "Facilitator standard")
    )
    practice_changes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(EvaluationStage(self.stage).label)

    def question_list(self) -> list[QuestionSummary]:
        return list(self.questions.values())


@dataclass
class Impact:
    """What a group of courses (one course, or a priority's courses) achieved."""

    title: str
    threshold: int
    booked: int = 0
    attended: int = 0
    stages: dict[str, StageSummary] = field(default_factory=dict)

    @property
    def end(self) -> StageSummary:
        return self.stages[EvaluationStage.END_OF_SESSION]

    @property
    def follow_up(self) -> StageSummary:
        return self.stages[EvaluationStage.FOLLOW_UP]

    @property
    def facilitator_share(self) -> float | None:
        return self.end.facilitator.share

    @property
    def below_standard(self) -> bool:
        share = self.facilitator_share
        return share is not None and share < self.threshold


def _empty(title: str, threshold: int) -> Impact:
    return Impact(
        title=title,
        threshold=threshold,
        stages={s: StageSummary(s) for s in EvaluationStage.values},
    )


def _add_answers(impacts: dict[int, list[Impact]], answers: Iterable[Answer]) -> None:
    """Count each answer into every impact its evaluation's session belongs to."""
    seen: set[tuple[int, int]] = set()
    for a in answers:
        evaluation = a.response.training_evaluation
        for impact in impacts.get(evaluation.session_id, []):
            stage = impact.stages[evaluation.stage]
            key = (id(impact), evaluation.pk)
            if key not in seen:
                seen.add(key)
                stage.responses += 1
            q = a.question
            if q.answer_type == AnswerType.TEXT:
                if q.code == "practice-change" and a.text.strip():
                    stage.practice_changes.append(a.text.strip())
                continue
            if q.answer_type != AnswerType.SCALE or a.level is None:
                continue
            favourable = a.level.rank <= FAVOURABLE_RANKS
            summary = stage.questions.setdefault(q.code, QuestionSummary(q.code, q.text))
            summary.answered += 1
            summary.favourable += favourable
            if q.section.code == FACILITATOR_SECTION:
                stage.facilitator.answered += 1
                stage.facilitator.favourable += favourable


def _answers(**filters: object):
    return Answer.objects.filter(**filters).select_related(
        "level", "question__section", "response__training_evaluation"
    )


def _sessions_with_counts(courses: Iterable[Course]):
    return TrainingSession.objects.filter(course__in=list(courses)).annotate(
        n_booked=Count("bookings"), n_attended=Count("bookings", filter=Q(bookings__attended=True))
    )


def course_impacts(programme: TrainingProgramme) -> dict[int, Impact]:
    """Impact per course of the programme, and per session (keyed by negative session id)."""
    threshold = programme.favourable_threshold
    courses = list(programme.courses.all())
    result = {c.pk: _empty(c.title, threshold) for c in courses}
    by_session: dict[int, list[Impact]] = {}
    for s in _sessions_with_counts(courses):
        session_impact = _empty(str(s.date), threshold)
        session_impact.booked, session_impact.attended = s.n_booked, s.n_attended
        result[-s.pk] = session_impact
        course_impact = result[s.course_id]
        course_impact.booked += s.n_booked
        course_impact.attended += s.n_attended
        by_session[s.pk] = [course_impact, session_impact]
    _add_answers(by_session, _answers(response__training_evaluation__session__in=list(by_session)))
    return result


def priority_impacts(programme: TrainingProgramme) -> list[tuple[object, Impact, list[Course]]]:
    """Impact per plan priority, over all the programme's courses linked to it."""
    threshold = programme.favourable_threshold
    courses = list(programme.courses.prefetch_related("priorities"))
    priorities: dict[int, tuple[object, Impact, list[Course]]] = {}
    for c in courses:
        for p in c.priorities.all():
            entry = priorities.setdefault(p.pk, (p, _empty(p.title, threshold), []))
            entry[2].append(c)
    by_session: dict[int, list[Impact]] = {}
    for s in _sessions_with_counts(courses):
        for _, impact, linked in priorities.values():
            if any(c.pk == s.course_id for c in linked):
                impact.booked += s.n_booked
                impact.attended += s.n_attended
                by_session.setdefault(s.pk, []).append(impact)
    _add_answers(by_session, _answers(response__training_evaluation__session__in=list(by_session)))
    return sorted(priorities.values(), key=lambda e: (e[0].order, e[0].pk))  # type: ignore[attr-defined]
