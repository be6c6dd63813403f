"""Raising and updating actions. Sources call `raise_action`; nobody writes Action directly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from scrutiny.core.concurrency import claim_revision
from scrutiny.core.lists import id_links
from scrutiny.core.rows import html, link, short_date, table_row
from scrutiny.core.uploads import store_checked
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import Action, ActionEvidence, ActionSource, ActionStatus, ActionUpdate, Rag

if TYPE_CHECKING:
    from scrutiny.plan.models import Objective


@dataclass(frozen=True)
class StatusTag:
    """How an action's status shows in a list: a GOV.UK tag (its colour and words) and a
    note. Rendered by `__html__`, so a template writes `{{ tag }}` and a long list pays for
    no include or template tag per row."""

    colour: str  # the govuk-tag modifier
    label: str
    note: str = ""

    def __str__(self) -> str:  # templates turn a value into a string first: already safe
        return self.__html__()

    def __html__(self) -> SafeString:
        # Plain joins of escaped values (`core.rows.html`), not format_html: a tag per row.
        tag = (
            f'<strong class="govuk-tag govuk-tag--{html(self.colour)}">{html(self.label)}</strong>'
        )
        if self.note:
            tag += f' <span class="govuk-body-s">{html(self.note)}</span>'
        return SafeString(tag)


_RAG_TAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}


def status_tag(action: Action, today: datetime.date) -> StatusTag:
    """Closed actions say so; open ones show their RAG (red when overdue, the owner's own RAG
    while in work) with the status in words; work reported done awaits sign-off."""
    if action.status == ActionStatus.COMPLETED:
        return StatusTag("green", "Completed")
    if action.status == ActionStatus.CANCELLED:
        return StatusTag("grey", "Cancelled")
    rag = action.rag(today)
    if rag is None:  # reported done, awaiting sign-off: no RAG any more
        return StatusTag("blue", "Awaiting sign-off", "work reported complete")
    overdue = "Overdue, " if rag == Rag.RED and action.due_date < today else ""
    status = ActionStatus(action.status).label.lower()
    return StatusTag(_RAG_TAG_COLOURS[rag], Rag(rag).label, overdue + status)


_SOURCE_LABELS = dict(ActionSource.choices)  # as get_source_display, without its per-call work


@dataclass(frozen=True)
class TrackerRow:
    """One action as the tracker lists it, read from the row and its agency and owner.
    Rendered by `__html__` as the table's row (a page of 50 rows costs no template lookups)."""

    href: str
    title: str
    agency: str
    owner: str
    source: str
    due: str  # the due date as "j M Y" (1 Jan 2027)
    status: StatusTag

    def __str__(self) -> str:  # templates turn a value into a string first: already safe
        return self.__html__()

    def __html__(self) -> str:
        return table_row(
            link(self.href, self.title), self.agency, self.owner, self.source, self.due, self.status
        )


# What a tracker row reads of an action: `status_tag` included. Its agency's and owner's names
# are the tracker's filter lists' (`tracker_rows`), not joined to each action.
TRACKER_ROW_FIELDS = (
    "title",
    "source",
    "due_date",
    "status",
    "rag_override",
    "agency",
    "owner",
)


def tracker_rows(
    actions: Iterable[Action],
    board: Board,
    today: datetime.date,
    agency_names: dict[int, str],
    owner_names: dict[int, str],
) -> list[TrackerRow]:
    """The tracker's rows (actions read with at least TRACKER_ROW_FIELDS); each link is the
    action's `get_board_url`, reversed once. `agency_names`, `owner_names`: names by id, as
    the tracker's filters list them (the board's agencies, the owners of its actions); an
    agency that has since left the board is looked up (one query, only then). Reading the
    names apart keeps the page's query from joining every action of the board to the whole
    agency table."""
    actions = list(actions)
    link = id_links("actions:detail", board.slug)
    missing = {a.agency_id for a in actions if a.agency_id and a.agency_id not in agency_names}
    missing_owners = {a.owner_id for a in actions if a.owner_id and a.owner_id not in owner_names}
    if missing:
        agency_names = {
            **agency_names,
            **dict(Agency.objects.filter(pk__in=missing).values_list("pk", "name")),
        }
    if missing_owners:
        owner_names = {
            **owner_names,
            **dict(User.objects.filter(pk__in=missing_owners).values_list("pk", "full_name")),
        }
    return [
        TrackerRow(
            href=link(action.pk),
            title=action.title,
            agency=agency_names[action.agency_id] if action.agency_id else "",
            owner=owner_names[action.owner_id] if action.owner_id else "",
            source=_SOURCE_LABELS.get(action.source, action.source),
            due=short_date(action.due_date),
            status=status_tag(action, today),
        )
        for action in actions
    ]


class SignOffRefused(ValueError):
    """The action cannot be reported complete or signed off yet; the message says why."""


@transaction.atomic
def raise_action(
    *,
    source: ActionSource,
    source_object: models.Model,
    source_key: str,
    source_label: str,
    boards: Iterable[Board],
    agency: Agency | None,
    owner: User | None,
    title: str,
    description: str,
    due_date: datetime.date,
    created_by: User | None,
    expected_impact: str = "",
    sign_off_required: bool = False,
    objective: Objective | None = None,
) -> Action:
    """Create the action for this source and key, or bring the existing one up to date.

    `objective` is the business-plan objective it serves (kept if not given again)."""
    boards = list(boards)
    source_type = ContentType.objects.get_for_model(source_object)
    action = Action.objects.filter(
        source_type=source_type, source_id=source_object.pk, source_key=source_key
    ).first()
    if action is None:
        action = Action(
            source_type=source_type,
            source_id=source_object.pk,
            source_key=source_key,
            created_by=created_by,
        )
    action.region = boards[0].region
    action.source = source
    action.source_label = source_label
    action.agency = agency
    action.owner = action.owner or owner
    action.title = title
    action.description = description
    action.due_date = due_date
    action.expected_impact = expected_impact or action.expected_impact
    action.sign_off_required = sign_off_required
    action.objective = objective or action.objective
    action.save()
    action.boards.add(*boards)
    return action


@transaction.atomic
def create_action(
    board: Board,
    *,
    title: str,
    description: str,
    expected_impact: str,
    agency: Agency | None,
    owner: User | None,
    due_date: datetime.date,
    created_by: User,
) -> Action:
    """An action raised directly on the board's tracker, not from a source record."""
    action = Action.objects.create(
        region=board.region,
        source=ActionSource.OTHER,
        source_label=f"Raised by {created_by}",
        title=title,
        description=description,
        expected_impact=expected_impact,
        agency=agency,
        owner=owner,
        due_date=due_date,
        created_by=created_by,
    )
    action.boards.add(board)
    return action


def raised_actions(source_object: models.Model, board: Board) -> models.QuerySet[Action]:
    """The actions a source raised, as seen by one board."""
    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(source_object),
        source_id=source_object.pk,
        boards=board,
    ).select_related("owner")


@transaction.atomic
def record_update(
    action: Action,
    *,
    author: User,
    note: str,
    status: ActionStatus,
    evidence: str = "",
    rag: str = "",
    observed_impact: str = "",
    revision: int | None = None,
) -> ActionUpdate:
    """Record a progress update; `revision` is the one the person loaded (the edit guard)."""
    if revision is not None:
        claim_revision(action, revision)
    if status == ActionStatus.COMPLETED and action.sign_off_required:
        # The agency reports the work done; a reviewer closes it on the evidence.
        if not action.evidence_files.exists():
            raise SignOffRefused(
                "Upload a document that shows the action is complete: "
                "the board signs off review actions on evidence, not on report alone"
            )
        status = ActionStatus.AWAITING_SIGN_OFF
    if status == ActionStatus.AWAITING_SIGN_OFF and not action.sign_off_required:
        status = ActionStatus.COMPLETED
    update = ActionUpdate.objects.create(action=action, author=author, note=note, status=status)
    action.status = status
    action.rag_override = rag
    if evidence:
        action.evidence_of_completion = evidence
    if observed_impact:
        action.observed_impact = observed_impact
    action.completed_at = timezone.now() if status == ActionStatus.COMPLETED else None
    action.save()
    return update


def report_progress(
    action: Action,
    *,
    author: User,
    note: str,
    status: ActionStatus,
    evidence: str = "",
    rag: str = "",
    observed_impact: str = "",
    upload: UploadedFile | None = None,
    revision: int | None = None,
) -> ActionUpdate:
    """A progress update from the tracker, perhaps with an evidence document.

    The document is read and checked before the transaction opens (EvidenceRejected if
    unfit); only the rows are written in it, under the edit guard (`revision`)."""
    document = checked_evidence(action, upload, user=author) if upload else None
    with transaction.atomic():
        if document is not None:
            document.save()
        return record_update(
            action,
            author=author,
            note=note,
            status=status,
            evidence=evidence,
            rag=rag,
            observed_impact=observed_impact,
            revision=revision,
        )


def checked_evidence(action: Action, upload: UploadedFile, *, user: User) -> ActionEvidence:
    """An unsaved evidence record for a checked and stored document (EvidenceRejected if
    unfit). Called before a transaction opens, so the reading and checking hold no lock."""
    evidence = ActionEvidence(action=action, uploaded_by=user)
    store_checked(evidence, upload, name=(upload.name or "evidence")[:255])
    return evidence


def attach_evidence(action: Action, upload: UploadedFile, *, user: User) -> ActionEvidence:
    """Check and store a document showing the action is done (EvidenceRejected if unfit)."""
    evidence = checked_evidence(action, upload, user=user)
    evidence.save()
    return evidence


@transaction.atomic
def sign_off(action: Action, *, reviewer: User, accept: bool, note: str) -> ActionUpdate:
    """A reviewer closes an action reported complete, or sends it back with the reason."""
    if action.status != ActionStatus.AWAITING_SIGN_OFF:
        raise SignOffRefused("Only an action reported complete can be signed off")
    if accept and not action.evidence_files.exists():
        raise SignOffRefused("There is no evidence of completion to sign off")
    status = ActionStatus.COMPLETED if accept else ActionStatus.IN_PROGRESS
    update = ActionUpdate.objects.create(
        action=action,
        author=reviewer,
        note=("Signed off: " if accept else "Not signed off: ") + note,
        status=status,
    )
    action.status = status
    action.signed_off_by = reviewer if accept else None
    action.signed_off_at = timezone.now() if accept else None
    action.completed_at = action.signed_off_at
    action.save()
    return update
