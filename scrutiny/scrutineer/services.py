"""Independent scrutiny workflows: share records with the scrutineer, record its findings and
challenges, keep its statement, and hand the statement to the yearly report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from scrutiny.access.windows import window_open
from scrutiny.challenges.models import Challenge
from scrutiny.findings.models import Finding
from scrutiny.findings.services import findings_for, record_finding
from scrutiny.people.models import User
from scrutiny.selfassessment.finders import Candidate, Criterion, registered
from scrutiny.tenancy.models import Board

from .models import ScrutinyChallenge, ScrutinyPlan, SharedRecord, Statement, StatementStatus

# Every registered kind of evidence, with no keywords: the partnership chooses what to share.
_EVERYTHING = Criterion(question=None, kinds=(), keywords=())  # type: ignore[arg-type]


def candidate_key(candidate: Candidate) -> str:
    content_type = ContentType.objects.get_for_model(candidate.obj)
    return f"{candidate.kind}:{content_type.pk}:{candidate.obj.pk}"


def shareable(board: Board) -> list[tuple[str, list[Candidate]]]:
    """The board's records the partnership may share, by kind of evidence (the same finders
    that suggest a self-assessment's evidence, so only the board's own records are offered)."""
    result = []
    for evidence_kind in registered().values():
        candidates = evidence_kind.finder(board, _EVERYTHING)
        for c in candidates:
            c.kind = evidence_kind.kind
        if candidates:
            result.append((evidence_kind.label, candidates))
    return result


@transaction.atomic
def share(plan: ScrutinyPlan, keys: list[str], user: User | None) -> None:
    """Share exactly the ticked records (as `candidate_key`s); anything the board's finders
    do not offer is ignored, so nothing of another board can be shared."""
    offered = {candidate_key(c): c for _, cs in shareable(plan.board) for c in cs}
    wanted = {k: offered[k] for k in keys if k in offered}
    for record in plan.shared.all():
        if record.key not in wanted:
            record.delete()
    have = {record.key for record in plan.shared.all()}
    for key, c in wanted.items():
        if key in have:
            continue
        SharedRecord.objects.create(
            plan=plan,
            kind=c.kind,
            target_type=ContentType.objects.get_for_model(c.obj),
            target_id=c.obj.pk,
            label=c.label[:300],
            summary=c.text,
            shared_by=user,
        )


def shared_records(plan: ScrutinyPlan) -> list[SharedRecord]:
    return list(plan.shared.all())


def close(plan: ScrutinyPlan) -> None:
    plan.closed_at = timezone.now()
    plan.save(update_fields=["closed_at"])


# The scrutineer's side


def plans_of(user: User, board: Board) -> QuerySet[ScrutinyPlan]:
    """The board's plans this person is the scrutineer of."""
    return ScrutinyPlan.objects.filter(board=board, scrutineer=user)


def may_read(user: User, plan: ScrutinyPlan, day: datetime.date | None = None) -> bool:
    return plan.scrutineer_id == user.pk and window_open(plan, day)


def record_scrutiny_finding(
    plan: ScrutinyPlan, *, kind: str, text: str, theme=None, user: User
) -> Finding:
    """The scrutineer's finding, in the board's one finding record (source: the plan)."""
    return record_finding(
        board=plan.board, source=plan, kind=kind, text=text, theme=theme, recorded_by=user
    )


def plan_findings(plan: ScrutinyPlan) -> QuerySet[Finding]:
    return findings_for(plan)


@transaction.atomic
def raise_challenge(plan: ScrutinyPlan, challenge: Challenge, user: User) -> Challenge:
    """Put the scrutineer's challenge in the board's challenge log and link it to the plan."""
    challenge.board = plan.board
    challenge.raised_by = user
    challenge.from_agency = None  # the scrutineer challenges for no agency
    challenge.save()
    ScrutinyChallenge.objects.create(plan=plan, challenge=challenge)
    return challenge


def plan_challenges(plan: ScrutinyPlan) -> QuerySet[Challenge]:
    return Challenge.objects.filter(scrutiny_plan_link__plan=plan).select_related("to_agency")


@transaction.atomic
def save_statement(
    plan: ScrutinyPlan, *, text: str, status: str, user: User, revision: int | None
) -> Statement:
    """Write the statement; guarded by the revision the scrutineer loaded (-1: none yet)."""
    statement = Statement.objects.filter(plan=plan).first()
    if statement is None:
        if revision not in (None, -1):
            raise ValueError("The statement to update does not exist")
        return Statement.objects.create(plan=plan, text=text, status=status, updated_by=user)
    statement.text = text
    statement.status = status
    statement.updated_by = user
    statement.expect_revision(revision)
    statement.save()
    return statement


@dataclass(frozen=True)
class ScrutineerStatement:
    """What the yearly report's "independent scrutiny's view" section shows."""

    text: str
    status: str  # StatementStatus value: "draft" or "final"
    status_label: str
    is_final: bool
    scrutineer: str  # the scrutineer's name, "" if none is named
    updated_at: datetime.datetime


def scrutineer_statement(board: Board, year: int) -> ScrutineerStatement | None:
    """The independent scrutineer's statement for the board's report year starting in `year`,
    or None when that year has no plan or no statement yet."""
    statement = (
        Statement.objects.filter(plan__board=board, plan__year=year)
        .select_related("plan__scrutineer")
        .first()
    )
    if statement is None:
        return None
    scrutineer = statement.plan.scrutineer
    return ScrutineerStatement(
        text=statement.text,
        status=statement.status,
        status_label=statement.get_status_display(),
        is_final=statement.status == StatementStatus.FINAL,
        scrutineer=scrutineer.full_name if scrutineer else "",
        updated_at=statement.updated_at,
    )
