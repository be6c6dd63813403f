"""Everything linked to a priority, gathered for the golden-thread page and the standing item."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from scrutiny.actions.models import Action, ActionStatus

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


def objective_actions(objectives: list[Objective]) -> dict[int, list[Action]]:
    """Each objective's actions: those raised on it, and those raised elsewhere (from a
    finding, say) that name it as the objective they serve."""
    objective_type = ContentType.objects.get_for_model(Objective)
    ids = [o.pk for o in objectives]
    actions = (
        Action.objects.filter(
            Q(source_type=objective_type, source_id__in=ids) | Q(objective_id__in=ids)
        )
        .select_related("owner", "agency")
        .prefetch_related("updates")
    )
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
    """Progress per priority, in three queries whatever the plan's size."""
    objectives = list(Objective.objects.filter(priority__in=priorities))
    by_objective = objective_actions(objectives)
    result = {p.pk: Progress() for p in priorities}
    for priority in priorities:
        actions = [
            a for o in objectives if o.priority_id == priority.pk for a in by_objective[o.pk]
        ]
        result[priority.pk] = progress_of(actions, today)
    return result
