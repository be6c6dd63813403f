"""What the meeting pages write, and what an agenda shows, away from the views.

Each writing function runs in one transaction. Apps above governance add to what an agenda
shows (the self-assessment's standing item) by registering an annotator from their
AppConfig (`register_agenda_annotator`), so governance imports none of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from scrutiny.core.uploads import check_evidence
from scrutiny.library.models import OBAQuestion
from scrutiny.plan.golden_thread import board_progress
from scrutiny.tenancy.models import Board

from .models import AgendaItem, Attendance, Decision, Meeting, Member

STANDING_PROGRESS_TITLE = "Standing item: progress against the priorities"


@transaction.atomic
def add_meeting(meeting: Meeting, *, with_standing_item: bool) -> Meeting:
    """Save a new meeting; with the standing item, it opens the agenda."""
    meeting.save()
    if with_standing_item:
        AgendaItem.objects.create(
            meeting=meeting, order=1, title=STANDING_PROGRESS_TITLE, is_standing_progress_item=True
        )
    return meeting


@transaction.atomic
def record_attendance(
    meeting: Meeting, members: Iterable[Member], answers: Mapping[str, Any]
) -> None:
    """Each member's status and substitute, from `attendance_form`'s cleaned data."""
    for member in members:
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={
                "status": answers[f"status_{member.pk}"],
                "substitute_name": answers[f"substitute_{member.pk}"],
            },
        )


def add_agenda_item(
    meeting: Meeting, agenda_item: AgendaItem, paper: UploadedFile | None = None
) -> AgendaItem:
    """Add the item at the end of the agenda, with its paper checked like any evidence.

    Raises `core.uploads.EvidenceRejected` (nothing saved) if the paper is refused.
    """
    if paper:
        check_evidence(paper)
        paper.seek(0)
        agenda_item.paper = paper
        agenda_item.paper_name = paper.name or ""
    with transaction.atomic():
        agenda_item.meeting = meeting
        agenda_item.order = meeting.agenda.count() + 1
        agenda_item.save()
    return agenda_item


@transaction.atomic
def save_minutes(
    meeting: Meeting, *, minutes: str, decision: str, loaded_revision: int | None, form: Any = None
) -> None:
    """Save the minutes (refused by the edit guard if someone saved since `loaded_revision`)
    and record the decision, if one is given."""
    meeting.minutes = minutes
    meeting.expect_revision(loaded_revision, form=form)
    meeting.save()
    if decision.strip():
        Decision.objects.create(meeting=meeting, text=decision.strip())


def standing_progress(board: Board, today: datetime.date | None = None) -> list[tuple]:
    """How much, how well, and is anyone better off, for each priority."""
    priorities = list(board.priorities.prefetch_related("measures"))
    progress = board_progress(priorities, today or timezone.localdate())
    return [
        (p, progress[p.pk], [m for m in p.measures.all() if m.category == OBAQuestion.BETTER_OFF])
        for p in priorities
    ]


AgendaAnnotator = Callable[[list[AgendaItem], Meeting], None]
_ANNOTATORS: dict[str, AgendaAnnotator] = {}


def register_agenda_annotator(name: str, annotator: AgendaAnnotator) -> None:
    """Add (or replace) a function that sets attributes on agenda items for the template."""
    _ANNOTATORS[name] = annotator


def agenda_for(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda, each item annotated by every registered annotator."""
    agenda = list(meeting.agenda.all())
    for annotator in _ANNOTATORS.values():
        annotator(agenda, meeting)
    return agenda
