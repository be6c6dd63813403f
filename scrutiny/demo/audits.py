"""Demo audit programme for Ashbourne: a neglect audit last year and its re-audit this year,
with practitioner auditors, graded cases, moderation, findings and an interview."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from scrutiny.audits.models import Audit, AuditCase, AuditTeamMember, CaseStatus, Interview
from scrutiny.audits.services import ActionRequest, record_audit_finding
from scrutiny.library.models import AnswerType, FrameworkTemplate
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.tenancy.models import Region

from .returns import _pick


def _quarter(day: datetime.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@transaction.atomic
def create_demo_audits(region: Region) -> None:
    board = region.boards.get(slug="ashbourne")
    tool = FrameworkTemplate.objects.get(
        code="multi-agency-case-file-audit", owner_board__isnull=True
    )
    roles = RoleAssignment.objects.filter(board=board).select_related("user", "agency")
    qa = roles.get(role=Role.QA_MEMBER).user
    practitioners = [r for r in roles if r.role in (Role.VIEWER, Role.AGENCY_LEAD)][:3]
    today = timezone.localdate()
    neglect = board.priorities.filter(title="Neglect").first()
    earlier = Audit.objects.create(
        board=board,
        title="Neglect: multi-agency case-file audit",
        theme=board.themes.get(code="neglect"),
        tool=tool,
        planned_quarter=_quarter(today - datetime.timedelta(days=365)),
        priority=neglect,
        lead=qa,
        status="complete",
    )
    later = Audit.objects.create(
        board=board,
        title="Neglect: re-audit",
        theme=board.themes.get(code="neglect"),
        tool=tool,
        planned_quarter=_quarter(today),
        priority=neglect,
        lead=qa,
        re_audit_of=earlier,
        status="in_progress",
    )
    questions = list(tool.sections.prefetch_related("questions__scale__levels").all())
    for audit, cases, strength in [(earlier, 8, 45), (later, 10, 80)]:
        for r in practitioners:
            AuditTeamMember.objects.create(
                audit=audit, user=r.user, agency=r.agency, role="practitioner"
            )
        for n in range(cases):
            auditor = practitioners[n % len(practitioners)].user if practitioners else qa
            case = AuditCase.objects.create(
                audit=audit,
                reference=f"NEG-{audit.planned_quarter[:4]}-{n + 1:03d}",
                auditor=auditor,
                response=Response.objects.create(template=tool),
                status=CaseStatus.IN_PROGRESS
                if (audit is later and n >= 8)
                else CaseStatus.COMPLETED,
                completed_at=None if (audit is later and n >= 8) else timezone.now(),
            )
            case.agencies.set(
                board.agencies.filter(
                    agency_type__in=["childrens_social_care", "police", "health_community"]
                )
            )
            for section in questions:
                for q in section.questions.all():
                    roll = _pick(audit.pk, n, q.code) % 100
                    if q.answer_type == AnswerType.SCALE:
                        levels = list(q.scale.levels.all())  # type: ignore[union-attr]
                        level = (
                            levels[0]
                            if roll < strength / 3
                            else levels[1]
                            if roll < strength
                            else levels[2]
                            if roll < 90
                            else levels[3]
                        )
                        Answer.objects.create(response=case.response, question=q, level=level)
                    elif q.answer_type == AnswerType.YES_NO:
                        Answer.objects.create(
                            response=case.response, question=q, yes_no=roll < strength
                        )
    lead = roles.filter(role=Role.AGENCY_LEAD, agency__agency_type="childrens_social_care").first()
    record_audit_finding(
        earlier,
        kind="improvement",
        theme=board.themes.get(code="voice"),
        text="The child's voice was recorded in fewer than half the cases audited.",
        user=qa,
        action=ActionRequest(
            title="Brief every team on recording the child's own words",
            owner=lead.user if lead else qa,
            agency=board.agencies.filter(agency_type="childrens_social_care").first(),
            due_date=today + datetime.timedelta(days=60),
        ),
    )
    record_audit_finding(
        earlier,
        kind="strength",
        theme=board.themes.get(code="information_sharing"),
        text="Police and health shared information promptly in almost every case.",
        user=qa,
    )
    Interview.objects.create(
        audit=earlier,
        kind="practitioner_group",
        held_on=today - datetime.timedelta(days=330),
        participants="Six practitioners: social work, health visiting, police, school",
        recorded_by=qa,
        notes="Practitioners said the neglect toolkit helps but takes time they rarely have.",
    )
