"""Workflows for agency returns: schedule, save, submit, reopen, review, challenge, evidence."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.core.concurrency import EditConflict, claim_revision
from scrutiny.core.uploads import store_checked
from scrutiny.findings.models import Finding, FindingKind, Theme
from scrutiny.findings.services import findings_for, raise_action_from_finding, record_finding
from scrutiny.library.models import FrameworkTemplate, TemplateQuestion, TemplateSubject
from scrutiny.people.models import User
from scrutiny.questionnaires.forms import QuestionnaireForm
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.tenancy.models import Agency, Board

from .models import (
    AgencyReturn,
    EventKind,
    EvidenceFile,
    Inspection,
    ReturnChallenge,
    ReturnEvent,
    ReturnRequest,
    ReturnStatus,
)

if TYPE_CHECKING:
    from .forms import InspectionForm


class NotEditable(Exception):
    pass


@dataclass
class ScheduleResult:
    created: list[ReturnRequest]
    already_requested: list[Agency]
    shared: list[ReturnRequest]  # the agency's return already existed for another board


@transaction.atomic
def schedule_returns(
    *,
    board: Board,
    template: FrameworkTemplate,
    subject: TemplateSubject | None,
    period_label: str,
    period_start: datetime.date,
    period_end: datetime.date,
    due_date: datetime.date,
    agencies: Iterable[Agency],
    requested_by: User,
) -> ScheduleResult:
    result = ScheduleResult(created=[], already_requested=[], shared=[])
    for agency in agencies:
        agency_return = AgencyReturn.objects.filter(
            template=template, subject=subject, agency=agency, period_label=period_label
        ).first()
        shared = agency_return is not None
        if agency_return is None:
            agency_return = AgencyReturn.objects.create(
                template=template,
                subject=subject,
                agency=agency,
                period_label=period_label,
                period_start=period_start,
                period_end=period_end,
                response=Response.objects.create(template=template),
            )
        elif agency_return.requests.filter(board=board).exists():
            result.already_requested.append(agency)
            continue
        request = ReturnRequest.objects.create(
            board=board, agency_return=agency_return, due_date=due_date, requested_by=requested_by
        )
        ReturnEvent.objects.create(
            agency_return=agency_return,
            board=board,
            kind=EventKind.SCHEDULED,
            actor=requested_by,
            note=f"Due {due_date:%d %B %Y}",
        )
        (result.shared if shared else result.created).append(request)
    return result


def _claim_revision(agency_return: AgencyReturn, revision: int, user: User) -> None:
    """Move the draft to the next revision through the one edit guard (core.concurrency)."""
    try:
        claim_revision(agency_return, revision, where={"status": ReturnStatus.DRAFT})
    except EditConflict as conflict:
        current = conflict.current
        if current is not None and current.status != ReturnStatus.DRAFT:  # type: ignore[attr-defined]
            raise NotEditable(
                f"{agency_return} has been submitted; reopen it to change it"
            ) from conflict
        raise
    agency_return.last_saved_by = user
    agency_return.last_saved_at = timezone.now()
    agency_return.save(update_fields=["revision", "last_saved_by", "last_saved_at"])


@transaction.atomic
def save_draft(
    agency_return: AgencyReturn, form: QuestionnaireForm, *, revision: int, user: User
) -> None:
    _claim_revision(agency_return, revision, user)
    form.save(agency_return.response)


@transaction.atomic
def submit(
    agency_return: AgencyReturn, form: QuestionnaireForm, *, revision: int, user: User
) -> None:
    """Save the final answers, submit, and raise an action for each rating below the top."""
    _claim_revision(agency_return, revision, user)
    answers = form.save(agency_return.response)
    now = timezone.now()
    agency_return.status = ReturnStatus.SUBMITTED
    agency_return.submitted_at = now
    agency_return.submitted_by = user
    agency_return.first_submitted_at = agency_return.first_submitted_at or now
    agency_return.save()
    agency_return.requests.update(accepted_at=None, accepted_by=None)
    ReturnEvent.objects.create(agency_return=agency_return, kind=EventKind.SUBMITTED, actor=user)
    boards = [
        r.board for r in agency_return.requests.select_related("board__region").order_by("board")
    ]
    for answer in answers:
        if answer.below_top:
            record_rating_finding(agency_return, answer, boards=boards, user=user)


def record_rating_finding(
    agency_return: AgencyReturn, answer: Answer, *, boards: list[Board], user: User
) -> Action:
    """A rating below the top of the scale is an area for improvement for each board that asked
    for the return (kept up to date when the return is submitted again), and raises one action,
    seen by all of them, from the first board's finding."""
    question = answer.question
    text = f"Rated {answer.level.label}: {question.text}"  # type: ignore[union-attr]
    first = None
    for board in boards:
        finding = findings_for(agency_return).filter(board=board, heading=question.code).first()
        if finding is None:
            finding = record_finding(
                board=board,
                source=agency_return,
                kind=FindingKind.AREA_FOR_IMPROVEMENT,
                text=text,
                heading=question.code,
                recorded_by=user,
            )
        elif finding.text != text:
            finding.text = text
            finding.save(update_fields=["text", "revision"])
        first = first or finding
    assert first is not None, "a submitted return has at least one requesting board"
    return raise_action_from_finding(
        first,
        title=f"{question.number} {answer.action_text}",
        owner=user,
        agency=agency_return.agency,
        due_date=answer.action_due,  # type: ignore[arg-type]
        created_by=user,
        boards=boards,
        description=text,
    )


@transaction.atomic
def record_inspection(form: InspectionForm, *, board: Board, user: User) -> Inspection:
    """An inspection's judgement on a standard (which the Section 11 comparison flags against)
    and what it found, as the board's finding: an area for improvement below the top of the
    scale, else a strength, found on the day of the inspection."""
    inspection = form.save(commit=False)
    inspection.board = board
    inspection.recorded_by = user
    inspection.save()
    record_finding(
        board=board,
        source=inspection,
        kind=FindingKind.STRENGTH
        if inspection.judgement.is_top
        else FindingKind.AREA_FOR_IMPROVEMENT,
        text=form.cleaned_data["summary"],
        theme=form.cleaned_data.get("theme"),
        recorded_by=user,
        found_on=inspection.inspected_on,
    )
    return inspection


@transaction.atomic
def reopen(
    agency_return: AgencyReturn,
    *,
    user: User,
    reason: str,
    board: Board | None = None,
    sent_back: bool = False,
) -> None:
    if agency_return.status != ReturnStatus.SUBMITTED:
        raise NotEditable(f"{agency_return} is not submitted, so it is already open for changes")
    agency_return.status = ReturnStatus.DRAFT
    agency_return.revision = F("revision") + 1
    agency_return.save()
    agency_return.refresh_from_db()
    agency_return.requests.update(accepted_at=None, accepted_by=None)
    ReturnEvent.objects.create(
        agency_return=agency_return,
        board=board,
        kind=EventKind.SENT_BACK if sent_back else EventKind.REOPENED,
        actor=user,
        note=reason,
    )


@transaction.atomic
def accept(request: ReturnRequest, *, user: User) -> None:
    agency_return = request.agency_return
    if not agency_return.is_submitted:
        raise ValidationError("Only a submitted return can be accepted.")
    open_challenges = agency_return.challenges.filter(
        board=request.board, responded_at__isnull=True
    ).count()
    if open_challenges:
        raise ValidationError(
            f"{open_challenges} challenge{'s' if open_challenges > 1 else ''} "
            "still wait for the agency's answer."
        )
    request.accepted_at = timezone.now()
    request.accepted_by = user
    request.save()
    ReturnEvent.objects.create(
        agency_return=agency_return, board=request.board, kind=EventKind.ACCEPTED, actor=user
    )


@transaction.atomic
def raise_challenge(
    agency_return: AgencyReturn,
    *,
    board: Board,
    question: TemplateQuestion | None,
    text: str,
    user: User,
) -> ReturnChallenge:
    challenge = ReturnChallenge.objects.create(
        agency_return=agency_return, board=board, question=question, text=text, raised_by=user
    )
    ReturnRequest.objects.filter(board=board, agency_return=agency_return).update(
        accepted_at=None, accepted_by=None
    )
    ReturnEvent.objects.create(
        agency_return=agency_return, board=board, kind=EventKind.CHALLENGED, actor=user, note=text
    )
    return challenge


@transaction.atomic
def respond_to_challenge(challenge: ReturnChallenge, *, text: str, user: User) -> None:
    challenge.response = text
    challenge.responded_by = user
    challenge.responded_at = timezone.now()
    challenge.save()
    ReturnEvent.objects.create(
        agency_return=challenge.agency_return,
        board=challenge.board,
        kind=EventKind.RESPONDED,
        actor=user,
        note=text,
    )


@transaction.atomic
def record_challenge_finding(
    challenge: ReturnChallenge, *, kind: str, text: str, theme: Theme | None, user: User
) -> Finding:
    """Once the agency has answered a challenge, the board may record its outcome as a
    finding (what the challenge taught the board), linked back to the return and found on
    the day of the answer."""
    if challenge.is_open:
        raise ValidationError("Record the outcome once the agency has answered the challenge.")
    return record_finding(
        board=challenge.board,
        source=challenge,
        kind=kind,
        text=text,
        theme=theme,
        recorded_by=user,
        found_on=timezone.localdate(challenge.responded_at),
    )


def check_evidence_file(
    agency_return: AgencyReturn,
    upload: UploadedFile,
    *,
    question: TemplateQuestion | None,
    user: User,
) -> EvidenceFile:
    """Read and check an upload before any transaction opens (EvidenceRejected if unfit):
    an unsaved EvidenceFile whose file is in storage; `save_evidence` records it."""
    if agency_return.status != ReturnStatus.DRAFT:
        raise NotEditable("Evidence can only be added while the return is a draft")
    evidence = EvidenceFile(
        agency_return=agency_return, question=question, uploaded_by=user, uploaded_at=timezone.now()
    )
    store_checked(evidence, upload, name=upload.name)
    return evidence


def save_evidence(evidence: EvidenceFile) -> EvidenceFile:
    """Record a checked file on its return; the write lock is held only to write the rows."""
    with transaction.atomic():
        evidence.save()
        ReturnEvent.objects.create(
            agency_return=evidence.agency_return,
            kind=EventKind.EVIDENCE_ADDED,
            actor=evidence.uploaded_by,
            note=evidence.original_name,
        )
    return evidence


@transaction.atomic
def remove_evidence(evidence: EvidenceFile, *, user: User) -> None:
    agency_return = evidence.agency_return
    if agency_return.status != ReturnStatus.DRAFT:
        raise NotEditable("Evidence can only be removed while the return is a draft")
    name = evidence.original_name
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    ReturnEvent.objects.create(
        agency_return=agency_return, kind=EventKind.EVIDENCE_REMOVED, actor=user, note=name
    )
