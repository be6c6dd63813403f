"""The one way any source records a finding, finds its findings, and raises an action from one.

(Helper "chain" owns this module; this is the same API, minimal, for the independent
scrutineer and inspections built alongside it. The lead keeps chain's version.)
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
    """Raise (or bring up to date) the action a finding calls for, through the one tracker;
    the action's source is the finding, so its page links back."""
    source = finding.source
    return raise_action(
        source=ActionSource.OTHER,
        source_object=finding,
        source_key="action",
        source_label=str(source) if source is not None else str(finding),
        boards=[finding.board],
        agency=agency,
        owner=owner,
        title=title[:300],
        description=finding.text,
        due_date=due_date,
        created_by=created_by,
    )
