"""Re-audit questions as impact measures (registered from `AuditsConfig.ready()`).

A measure names an audit and one graded question of its tool. Its values are that
question's share of positive answers (yes, or good or better) in each completed audit of
the chain the audit belongs to (the audit it re-audits, and its re-audits), matched by the
question's code as the re-audit comparison does. Each audit is dated by the day its last
counted case was completed. "No change": fewer points than SCRUTINY_IMPACT_NO_CHANGE_POINTS.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone

from scrutiny.actions.impact import Point, Reading, percentage_points, share, split
from scrutiny.library.models import AnswerType, TemplateQuestion
from scrutiny.tenancy.models import Board

from .models import Audit, AuditStatus, CaseStatus
from .summary import summarise

GRADED = [AnswerType.SCALE, AnswerType.YES_NO]
POSITIVE = {AnswerType.YES_NO: "% yes", AnswerType.SCALE: "% good or better"}


def chain(audit: Audit) -> list[Audit]:
    """The audit's whole re-audit chain on its board: the first audit and every re-audit."""
    seen = {audit.pk}
    root = audit
    while root.re_audit_of_id and root.re_audit_of_id not in seen:
        seen.add(root.re_audit_of_id)
        root = Audit.objects.get(pk=root.re_audit_of_id)
    members, frontier = [root], [root.pk]
    while frontier:
        children = list(
            Audit.objects.filter(re_audit_of__in=frontier, board_id=audit.board_id).exclude(
                pk__in=[m.pk for m in members]
            )
        )
        members += children
        frontier = [c.pk for c in children]
    return [m for m in members if m.board_id == audit.board_id]


class ReauditMeasures:
    key = "reaudit"
    label = "Re-audit question"

    def options(self, board: Board) -> list[tuple[str, str]]:
        audits = list(Audit.objects.filter(board=board).order_by("planned_quarter", "title"))
        questions: dict[int, list[TemplateQuestion]] = {}
        for q in TemplateQuestion.objects.filter(
            section__template__in={a.tool_id for a in audits}, answer_type__in=GRADED
        ).order_by("section__order", "order"):
            questions.setdefault(q.section.template_id, []).append(q)
        return [
            (f"{a.pk}:{q.code}", f"{a}: {q.number} {q.text}".replace("  ", " "))
            for a in audits
            for q in questions.get(a.tool_id, [])
        ]

    def read(
        self, board: Board, reference: str, start: datetime.date, until: datetime.date | None
    ) -> Reading | None:
        audit_id, _, code = reference.partition(":")
        audit = (
            Audit.objects.filter(board=board, pk=int(audit_id)).first()
            if audit_id.isdigit()
            else None
        )
        if audit is None:
            return None
        question = TemplateQuestion.objects.filter(
            section__template=audit.tool, code=code, answer_type__in=GRADED
        ).first()
        if question is None:
            return None
        points = []
        for member in chain(audit):
            if member.status != AuditStatus.COMPLETE:
                continue
            finished = member.cases.filter(
                status__in=[CaseStatus.COMPLETED, CaseStatus.MODERATED]
            ).aggregate(last=Max("completed_at"))["last"]
            summary = next(
                (s for s in summarise(member)[0] if s.question.code == code and s.cases), None
            )
            if finished is None or summary is None:
                continue
            value = share(summary.positive, summary.cases)
            if value is not None:
                points.append(
                    Point(value, timezone.localdate(finished), f"{member}, {summary.cases} cases")
                )
        before, now = split(points, start, until)
        return Reading(
            name=f"{question.text} ({POSITIVE[question.answer_type]})",
            higher_is_better=True,
            no_change_within=percentage_points(),
            unit="%",
            before=before,
            now=now,
            url=audit.get_board_url(board),
        )
