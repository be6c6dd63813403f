"""What a source's own page shows of its findings, and what a finding's action may serve."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.actions.models import Action, ActionStatus
from scrutiny.core.lists import id_links
from scrutiny.core.rows import short_date
from scrutiny.tenancy.models import Board

from .models import Finding, FindingKind


@dataclass
class ActionLine:
    """An action a finding raised, as the list of findings shows it."""

    href: str
    title: str
    owner: str
    agency: str
    due: str
    status: str  # in words, lower case


@dataclass
class FindingRow:
    """One finding as the list of findings shows it, built in Python (`with_actions`), so a
    long list pays for no lookups, filters or includes per row."""

    finding: Finding
    kind: str  # its kind in words
    colour: str  # its tag's colour
    theme: str  # its theme's name, or ""
    found: str  # when its source found it
    recorded: str  # when it was recorded, and by whom
    raise_href: str  # the page raising an action from it (offered to who may)
    actions: list[ActionLine] = field(default_factory=list)
    source_label: str = ""  # the kind of source it came from (on lists across sources)
    source_link: str = ""  # the source's page, when the person may open it


_KIND_LABELS = dict(FindingKind.choices)
_STATUS_LABELS = {value: label.lower() for value, label in ActionStatus.choices}


if TYPE_CHECKING:
    from scrutiny.plan.models import Priority


def finding_row(finding: Finding, raise_href: str) -> FindingRow:
    """The row of one finding (read with its theme and its recorder)."""
    recorded = f"Recorded {short_date(finding.recorded_at)}"
    if finding.recorded_by is not None:
        recorded += f" by {finding.recorded_by.full_name}"
    return FindingRow(
        finding=finding,
        kind=_KIND_LABELS.get(finding.kind, finding.kind),
        colour="orange" if finding.is_improvement else "green",
        theme=finding.theme.name if finding.theme else "",
        found=short_date(finding.found_on),
        recorded=recorded,
        raise_href=raise_href,
    )


def with_actions(
    findings: models.QuerySet[Finding] | list[Finding], board: Board
) -> list[FindingRow]:
    """Each finding with the actions it raised that the board sees (one query for all)."""
    raise_link = id_links("findings:raise_action", board.slug)
    action_link = id_links("actions:detail", board.slug)
    rows = [finding_row(f, raise_link(f.pk)) for f in findings]
    by_pk = {row.finding.pk: row for row in rows}
    if by_pk:
        for action in Action.objects.filter(
            source_type=ContentType.objects.get_for_model(Finding),
            source_id__in=list(by_pk),
            boards=board,
        ).select_related("owner", "agency"):
            by_pk[action.source_id].actions.append(  # type: ignore[index]
                ActionLine(
                    href=action_link(action.pk),
                    title=action.title,
                    owner=action.owner.full_name if action.owner else "",
                    agency=str(action.agency) if action.agency else "",
                    due=short_date(action.due_date),
                    status=_STATUS_LABELS.get(action.status, action.status),
                )
            )
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
