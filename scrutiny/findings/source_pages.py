"""What a source's own page shows of its findings, and what a finding's action may serve."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.actions.models import Action
from scrutiny.tenancy.models import Board

from .models import Finding


@dataclass
class FindingRow:
    finding: Finding
    actions: list[Action] = field(default_factory=list)
    source_link: str = ""  # the source's page, when the person may open it


if TYPE_CHECKING:
    from scrutiny.plan.models import Priority


def with_actions(
    findings: models.QuerySet[Finding] | list[Finding], board: Board
) -> list[FindingRow]:
    """Each finding with the actions it raised that the board sees (one query for all)."""
    rows = [FindingRow(f) for f in findings]
    by_pk = {row.finding.pk: row for row in rows}
    if by_pk:
        for action in Action.objects.filter(
            source_type=ContentType.objects.get_for_model(Finding),
            source_id__in=list(by_pk),
            boards=board,
        ).select_related("owner", "agency"):
            by_pk[action.source_id].actions.append(action)  # type: ignore[index]
    return rows


def findings_context(user, board: Board, findings) -> dict:
    """What `findings/_source_findings.html` needs, the one list of findings every page
    includes: the rows with their actions, and whether the person may raise an action."""
    return {
        "finding_rows": with_actions(findings, board),
        "can_raise_action": has_permission(user, Permission.ACTIONS_MANAGE, board=board),
    }


def source_priorities(source: models.Model | None) -> list[Priority]:
    """The plan priorities a source serves: its `finding_priorities()` if it defines one,
    else its `priority` (audits, engagement), else none."""
    if source is None:
        return []
    getter = getattr(source, "finding_priorities", None)
    if getter is not None:
        return list(getter())
    priority = getattr(source, "priority", None)
    return [priority] if priority is not None else []


def next_action_key(finding: Finding) -> str:
    """A key none of the finding's actions uses yet, so raising another action adds one
    instead of updating the first: "action", then "action-2", "action-3"..."""
    taken = set(
        Action.objects.filter(
            source_type=ContentType.objects.get_for_model(Finding), source_id=finding.pk
        ).values_list("source_key", flat=True)
    )
    if "action" not in taken:
        return "action"
    n = 2
    while f"action-{n}" in taken:
        n += 1
    return f"action-{n}"
