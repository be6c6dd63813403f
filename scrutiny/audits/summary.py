"""Grading summaries of an audit, and the question-by-question comparison with a re-audit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scrutiny.library.models import AnswerType, TemplateQuestion
from scrutiny.questionnaires.models import Answer

from .models import Audit, CaseStatus

GOOD_OR_BETTER_RANK = 2  # outstanding (1) and good (2)


@dataclass
class QuestionSummary:
    question: TemplateQuestion
    cases: int = 0  # cases that answered it
    by_level: list[tuple[str, int]] = field(default_factory=list)  # scale questions, best first
    yes: int = 0  # yes/no questions

    @property
    def positive(self) -> int:
        if self.question.answer_type == AnswerType.YES_NO:
            return self.yes
        return sum(n for rank, (_, n) in enumerate(self.by_level, 1) if rank <= GOOD_OR_BETTER_RANK)

    @property
    def positive_share(self) -> float | None:
        return 100 * self.positive / self.cases if self.cases else None

    @property
    def positive_label(self) -> str:
        return "yes" if self.question.answer_type == AnswerType.YES_NO else "good or better"


def counted_answers(audit: Audit) -> list[Answer]:
    """Answers from completed (or moderated) cases only: cases in progress do not count."""
    return list(
        Answer.objects.filter(
            response__audit_case__audit=audit,
            response__audit_case__status__in=[CaseStatus.COMPLETED, CaseStatus.MODERATED],
        ).select_related("level")
    )


def summarise(audit: Audit) -> tuple[list[QuestionSummary], list[tuple[str, int]]]:
    """Per question, and the grade distribution over every graded answer."""
    questions = list(
        TemplateQuestion.objects.filter(
            section__template=audit.tool, answer_type__in=[AnswerType.SCALE, AnswerType.YES_NO]
        )
        .select_related("scale")
        .prefetch_related("scale__levels")
        .order_by("section__order", "order")
    )
    answers = counted_answers(audit)
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    overall: Counter[str] = Counter()
    levels_order: list[str] = []
    summaries = []
    for q in questions:
        given = [a for a in by_question.get(q.pk, []) if not a.is_empty]
        summary = QuestionSummary(question=q, cases=len(given))
        if q.answer_type == AnswerType.SCALE and q.scale:
            levels = [lv.label for lv in q.scale.levels.all()]
            levels_order = levels_order or levels
            counts = Counter(a.level.label for a in given if a.level)
            summary.by_level = [(label, counts.get(label, 0)) for label in levels]
            overall.update(counts)
        else:
            summary.yes = sum(1 for a in given if a.yes_no)
        summaries.append(summary)
    return summaries, [(label, overall.get(label, 0)) for label in levels_order]


@dataclass
class Change:
    question: TemplateQuestion
    label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def size(self) -> float | None:
        return abs(self.change) if self.change is not None else None


def compare(earlier: Audit, later: Audit) -> list[Change]:
    """Question by question (matched by code, so an adapted tool still lines up)."""
    before = {s.question.code: s for s in summarise(earlier)[0]}
    changes = []
    for s in summarise(later)[0]:
        prior = before.get(s.question.code)
        changes.append(
            Change(
                s.question,
                s.positive_label,
                prior.positive_share if prior else None,
                s.positive_share,
            )
        )
    return changes
