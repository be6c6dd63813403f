"""Raising and updating actions. Sources call `raise_action`; nobody writes Action directly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import Action, ActionSource, ActionStatus, ActionUpdate


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
) -> Action:
    """Create the action for this source and key, or bring the existing one up to date."""
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
    action.save()
    action.boards.add(*boards)
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
) -> ActionUpdate:
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
