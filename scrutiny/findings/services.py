"""The one way any source records a finding, finds its findings, and raises an action from one.

(Helper "chain" owns this module; this is the same API, minimal, for the sources built
alongside it: training, voice and the data set.)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from scrutiny.actions.models import Action, ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.tenancy.models import Agency, Board

from .models import Finding, FindingKind, Theme

if TYPE_CHECKING:
    from scrutiny.people.models import User
    from scrutiny.plan.models import Objective


def record_finding(
    *,
    board: Board,
    source: models.Model,
    kind: str,
    text: str,
    theme=None,
    recorded_by: User | None = None,
) -> Finding:
    """The one way any source records what it taught the board (audit-logged)."""
    if kind not in FindingKind.values:
        raise ValueError(f"Unknown kind of finding: {kind}")
    return Finding.objects.create(
        board=board,
        kind=kind,
        text=text,
        # Until themes are board data (helper chain), a finding recorded without one is "other".
        theme=theme or Theme.OTHER,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        recorded_by=recorded_by,
    )


def findings_for(source: models.Model) -> QuerySet[Finding]:
    """The findings one source record produced (for the source's own page)."""
    return Finding.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("board", "recorded_by")


# The tracker's source for actions raised from findings, by the finding source's model label.
ACTION_SOURCES = {
    "audits.audit": ActionSource.AUDIT,
    "peerreview.peerreview": ActionSource.PEER_REVIEW,
    "reviews.recommendation": ActionSource.REVIEW,
    "reviews.review": ActionSource.REVIEW,
    "returns.agencyreturn": ActionSource.AGENCY_RETURN,
    "challenges.challenge": ActionSource.CHALLENGE,
    "training.course": ActionSource.TRAINING,
}


def source_objective(source: models.Model | None) -> Objective | None:
    """The plan objective a source serves, where it names one: its own `objective`, else the
    first objective (by due date) of the priority it is linked to."""
    if source is None:
        return None
    objective = getattr(source, "objective", None)
    if objective is not None:
        return objective
    priority = getattr(source, "priority", None)
    if priority is not None:
        return priority.objectives.order_by("due_date", "pk").first()
    return None


def raise_action_from_finding(
    finding: Finding,
    *,
    title: str,
    owner: User | None,
    agency: Agency | None,
    due_date: datetime.date,
    objective: Objective | None = None,
    created_by: User | None,
    key: str = "action",
    boards: list[Board] | None = None,
    description: str = "",
    sign_off_required: bool = False,
) -> Action:
    """Raise (or bring up to date) the action a finding calls for, through the one tracker.

    The action's source is the finding, so its page links back; it serves `objective`, or
    the objective the finding's source serves, so it shows on that priority's golden thread.
    """
    source = finding.source
    label = f"{finding.source_type.app_label}.{finding.source_type.model}"
    if objective is None:
        objective = source_objective(source)
    if objective is not None and objective.priority.board_id != finding.board_id:
        raise ValueError("The objective belongs to another board")
    return raise_action(
        source=ACTION_SOURCES.get(label, ActionSource.OTHER),
        source_object=finding,
        source_key=key,
        source_label=str(source) if source is not None else finding.source_kind_label,
        boards=boards or [finding.board],
        agency=agency,
        owner=owner,
        title=title[:300],
        description=description or finding.text,
        due_date=due_date,
        created_by=created_by,
        objective=objective,
        sign_off_required=sign_off_required,
    )
