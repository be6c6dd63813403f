"""Recording findings and raising actions from them: the one way every source does it.

Sources (case-file audits, training, the voice of children and staff, the data set, ...) call
`record_finding`; a source's page lists `findings_for(record)`; a finding raises actions into
the one tracker through `raise_action_from_finding`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from scrutiny.actions.models import Action, ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import Finding, FindingKind

if TYPE_CHECKING:
    from scrutiny.plan.models import Objective

# The tracker's source for actions a finding raises, by the finding's source model.
_ACTION_SOURCES = {
    "audits.audit": ActionSource.AUDIT,
    "peerreview.peerreview": ActionSource.PEER_REVIEW,
    "reviews.review": ActionSource.REVIEW,
    "reviews.recommendation": ActionSource.REVIEW,
    "returns.agencyreturn": ActionSource.AGENCY_RETURN,
    "challenges.challenge": ActionSource.CHALLENGE,
    "training.course": ActionSource.TRAINING,
    "voice.engagementactivity": ActionSource.TRAINING,
}


def record_finding(
    *,
    board: Board,
    source: models.Model,
    kind: str,
    text: str,
    theme=None,
    recorded_by: User | None = None,
) -> Finding:
    """Record what a source taught the board (audit-logged like every Finding save)."""
    if kind not in FindingKind.values:
        raise ValueError(f"Unknown kind of finding: {kind!r}")
    return Finding.objects.create(
        board=board,
        kind=kind,
        theme=theme or "",
        text=text.strip(),
        source=source,
        recorded_by=recorded_by,
    )


def findings_for(source: models.Model) -> models.QuerySet[Finding]:
    """The findings one source record produced, for the source's own page."""
    return Finding.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("recorded_by")


@transaction.atomic
def raise_action_from_finding(
    finding: Finding,
    *,
    title: str,
    owner: User | None,
    agency: Agency | None,
    due_date: datetime.date,
    objective: Objective | None = None,
    created_by: User,
) -> Action:
    """A new action in the tracker for this finding, linked back to it and, when given, to the
    plan objective it serves (so it shows on that priority's golden thread)."""
    source_type = finding.source_type
    key = f"{source_type.app_label}.{source_type.model}"
    taken = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Finding), source_id=finding.pk
    ).count()
    action = raise_action(
        source=_ACTION_SOURCES.get(key, ActionSource.OTHER),
        source_object=finding,
        source_key=f"finding-action-{taken + 1}",
        source_label=f"{finding.source_kind_label}: {finding.source}"[:300],
        boards=[finding.board],
        agency=agency,
        owner=owner,
        title=title,
        description=finding.text,
        due_date=due_date,
        created_by=created_by,
    )
    if objective is not None:
        action.objective = objective
        action.save(update_fields=["objective"])
    return action
