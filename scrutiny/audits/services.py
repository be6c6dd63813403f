"""The audit workflows the pages call: the team, cases, answers, moderation, findings (through
the one findings service, which raises their actions) and interviews."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.findings.models import Finding, Theme
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.library.models import ScaleLevel
from scrutiny.people.models import User
from scrutiny.plan.models import Objective
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.tenancy.models import Agency

from .models import (
    Audit,
    AuditCase,
    AuditTeamMember,
    CaseAuditor,
    CaseStatus,
    Interview,
    Moderation,
    TeamRole,
)


class CaseExists(ValueError):
    """The audit already has a case with this reference."""


def add_team_member(
    audit: Audit, *, user: User, agency: Agency | None, role: TeamRole | str
) -> AuditTeamMember:
    member, _ = AuditTeamMember.objects.update_or_create(
        audit=audit, user=user, defaults={"agency": agency, "role": role}
    )
    return member


@transaction.atomic
def add_case(audit: Audit, *, reference: str, auditor: User, agencies: list[Agency]) -> AuditCase:
    if audit.cases.filter(reference=reference).exists():
        raise CaseExists(f"{reference} is already in this audit")
    case = AuditCase.objects.create(
        audit=audit,
        reference=reference,
        auditor=auditor,
        response=Response.objects.create(template=audit.tool),
    )
    case.agencies.set(agencies)
    return case


@transaction.atomic
def save_case_answers(case: AuditCase, form, *, completing: bool) -> None:
    """Save a case's answers (guarded against a newer save); completing closes it for edits."""
    form.save_guarded(case, case.response)
    if completing:
        case.status = CaseStatus.COMPLETED
        case.completed_at = timezone.now()
        case.save()


@dataclass
class GradeChange:
    answer: Answer
    level: ScaleLevel
    reason: str


@transaction.atomic
def moderate_case(case: AuditCase, changes: list[GradeChange], *, user: User) -> None:
    """Change grades on a completed case, keeping each original grade and why it changed."""
    for change in changes:
        Moderation.objects.create(
            case=case,
            question=change.answer.question,
            from_level=change.answer.level,
            to_level=change.level,
            reason=change.reason,
            moderated_by=user,
        )
        change.answer.level = change.level
        change.answer.save()
    case.status = CaseStatus.MODERATED
    case.save()


@dataclass
class ActionRequest:
    """The action a finding calls for."""

    title: str
    owner: User | None
    agency: Agency | None
    due_date: datetime.date
    objective: Objective | None = None


@transaction.atomic
def record_audit_finding(
    audit: Audit,
    *,
    kind: str,
    theme: Theme,
    text: str,
    user: User,
    action: ActionRequest | None = None,
) -> tuple[Finding, Action | None]:
    """Record what the audit found and, if asked, raise its action: owned, for an agency, and
    serving the objective chosen (by default the first of the audit's priority)."""
    finding = record_finding(
        board=audit.board, source=audit, kind=kind, text=text, theme=theme, recorded_by=user
    )
    raised = None
    if action is not None:
        raised = raise_action_from_finding(
            finding,
            title=action.title,
            owner=action.owner,
            agency=action.agency,
            due_date=action.due_date,
            objective=action.objective,
            created_by=user,
        )
    return finding, raised


def record_interview(audit: Audit, interview: Interview, *, user: User) -> Interview:
    interview.audit = audit
    interview.recorded_by = user
    interview.save()
    return interview


def name_case_auditor(case: AuditCase, *, agency: Agency, user: User) -> CaseAuditor:
    auditor, _ = CaseAuditor.objects.update_or_create(
        case=case, agency=agency, defaults={"user": user}
    )
    return auditor
