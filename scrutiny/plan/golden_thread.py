"""Everything linked to a priority, gathered for the golden-thread page and the standing item."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.findings.models import Finding

from .links import finding_sources
from .models import Objective, Priority


@dataclass
class Progress:
    """How much (actions done), how well (done on time), and what is overdue."""

    total: int = 0
    completed: int = 0
    completed_on_time: int = 0
    overdue: int = 0

    @property
    def completed_share(self) -> float | None:
        return 100 * self.completed / self.total if self.total else None

    @property
    def on_time_share(self) -> float | None:
        return 100 * self.completed_on_time / self.completed if self.completed else None


@dataclass
class Thread:
    priority: Priority
    objectives: list[Objective]
    actions_by_objective: dict[int, list[Action]] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)


# What counting progress reads of an action (`progress_of`), and grouping it by objective.
_PROGRESS_FIELDS = ("status", "completed_at", "due_date", "source_type", "source_id", "objective")


def objective_actions(
    objectives: list[Objective], *, for_progress_only: bool = False
) -> dict[int, list[Action]]:
    """Each objective's actions: those raised on it, and those raised elsewhere (from a
    finding, say) that name it as the objective they serve. With `for_progress_only`, only
    what `progress_of` reads (no owner, agency or updates)."""
    objective_type = ContentType.objects.get_for_model(Objective)
    ids = [o.pk for o in objectives]
    actions = Action.objects.filter(
        Q(source_type=objective_type, source_id__in=ids) | Q(objective_id__in=ids)
    )
    if for_progress_only:
        actions = actions.only(*_PROGRESS_FIELDS)
    else:
        actions = actions.select_related("owner", "agency").prefetch_related("updates")
    grouped: dict[int, list[Action]] = {o.pk: [] for o in objectives}
    for action in actions:
        if action.source_type_id == objective_type.pk and action.source_id in grouped:
            grouped[action.source_id].append(action)
        else:
            grouped[action.objective_id].append(action)  # type: ignore[index]
    return grouped


def progress_of(actions: list[Action], today: datetime.date) -> Progress:
    progress = Progress()
    for action in actions:
        progress.total += 1
        if action.status == ActionStatus.COMPLETED:
            progress.completed += 1
            if action.completed_at and action.completed_at.date() <= action.due_date:
                progress.completed_on_time += 1
        elif action.is_overdue(today):
            progress.overdue += 1
    return progress


def thread_for(priority: Priority, today: datetime.date) -> Thread:
    objectives = list(
        priority.objectives.select_related("owner", "owner_agency").prefetch_related("milestones")
    )
    by_objective = objective_actions(objectives)
    everything = [a for actions in by_objective.values() for a in actions]
    return Thread(priority, objectives, by_objective, progress_of(everything, today))


def board_progress(priorities: list[Priority], today: datetime.date) -> dict[int, Progress]:
    """Progress per priority, in two queries whatever the plan's size."""
    objectives = list(Objective.objects.filter(priority__in=priorities).only("priority"))
    by_objective = objective_actions(objectives, for_progress_only=True)
    result = {p.pk: Progress() for p in priorities}
    for priority in priorities:
        actions = [
            a for o in objectives if o.priority_id == priority.pk for a in by_objective[o.pk]
        ]
        result[priority.pk] = progress_of(actions, today)
    return result


@dataclass
class LinkedFinding:
    """A finding on a priority's page, and why it is there."""

    finding: Finding
    reasons: list[str] = field(default_factory=list)


def _linked_sources(priority: Priority) -> Q:
    """Findings from records linked to the priority: any source with a relation to it (an
    audit or engagement naming it, a course serving it) and the board's values of the
    indicators its measures follow."""
    linked = Q(pk__in=[])
    for relation in Priority._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "plan":
            continue  # the plan's own parts are not sources of findings
        records = model._default_manager.filter(**{relation.field.name: priority}).values("pk")
        linked |= Q(source_type=ContentType.objects.get_for_model(model), source_id__in=records)
    return linked | finding_sources(priority)  # records named by their apps (indicator values)


def priority_findings(priority: Priority) -> list[LinkedFinding]:
    """Findings whose actions serve the priority's objectives, and findings from sources
    linked to the priority, gathered from `findings` alone, each saying why it is here."""
    finding_type = ContentType.objects.get_for_model(Finding)
    board_findings = Finding.objects.filter(board_id=priority.board_id)
    from_sources = set(
        board_findings.filter(_linked_sources(priority)).values_list("pk", flat=True)
    )
    serving: dict[int, list[Action]] = {}
    for action in Action.objects.filter(
        objective__priority=priority, source_type=finding_type
    ).select_related("objective"):
        serving.setdefault(action.source_id, []).append(action)  # type: ignore[arg-type]
    findings = (
        board_findings.filter(pk__in=from_sources | set(serving))
        .select_related("source_type", "recorded_by")
        .prefetch_related("source")
        .order_by("-recorded_at", "-pk")
    )
    result = []
    for finding in findings:
        linked = LinkedFinding(finding)
        if finding.pk in from_sources:
            linked.reasons.append(
                f"its source ({finding.source_kind_label}) is linked to this priority"
            )
        for action in serving.get(finding.pk, []):
            linked.reasons.append(
                f"its action “{action.title}” serves the objective “{action.objective.title}”"  # type: ignore[union-attr]
            )
        result.append(linked)
    return result
