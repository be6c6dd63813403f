"""Demo impact: actions on Ashbourne's plan that name the measure showing whether they
worked, chosen from the demo's own figures so that each outcome appears once (improved, no
change, worse, not yet measurable), and a measured objective on the golden thread.

Nothing is made up: each measure is read from the demo data set, audits, training
evaluations and feedback answers already built; the builder only picks, for each outcome, a
measure and a start date for which the real reading gives that outcome.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from scrutiny.actions import impact
from scrutiny.actions.models import Action, ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.plan.models import Objective
from scrutiny.tenancy.models import Board, Region

STARTS_DAYS_AGO = (20, 100, 200, 300, 400)
# The kinds tried first for each outcome, so the demo shows several kinds of measure.
PREFERRED = {
    impact.Outcome.IMPROVED: "indicator",
    impact.Outcome.WORSE: "indicator",
    impact.Outcome.NO_CHANGE: "feedback",
    impact.Outcome.NOT_YET: "reaudit",
}


def _find(
    board: Board, outcome: impact.Outcome, today: datetime.date, taken: set[str]
) -> tuple[str, datetime.date, impact.Reading] | None:
    """A measure of the board and a start date whose reading gives `outcome`."""
    kinds = sorted(impact.kinds().values(), key=lambda k: k.key != PREFERRED[outcome])
    for kind in kinds:
        for reference, _ in kind.options(board):
            choice = f"{kind.key}:{reference}"
            if choice in taken:
                continue
            for days in STARTS_DAYS_AGO:
                start = today - datetime.timedelta(days=days)
                reading = kind.read(board, reference, start, None)
                if reading is not None and impact.judge(reading, start)[0] == outcome:
                    return choice, start, reading
    return None


@transaction.atomic
def create_demo_impact(region: Region) -> None:
    board = region.boards.get(slug="ashbourne")
    today = timezone.localdate()
    manager = (
        RoleAssignment.objects.filter(board=board, role=Role.BUSINESS_MANAGER).first().user  # type: ignore[union-attr]
    )
    objectives = list(Objective.objects.filter(priority__board=board).order_by("pk"))
    if not objectives:
        return
    taken: set[str] = set()
    for n, outcome in enumerate(impact.Outcome):
        found = _find(board, outcome, today, taken)
        if found is None:
            continue
        choice, start, reading = found
        taken.add(choice)
        objective = objectives[n % len(objectives)]
        action = raise_action(
            source=ActionSource.BUSINESS_PLAN,
            source_object=objective,
            source_key=f"demo-impact-{n}",
            source_label=f"{objective.priority}: {objective}",
            boards=[board],
            agency=None,
            owner=manager,
            title=f"Act on: {reading.name}"[:300],
            description="",
            due_date=today + datetime.timedelta(days=90),
            created_by=manager,
            expected_impact=f"{reading.name}: {reading.polarity_words}",
        )
        impact.set_measure(
            action,
            board,
            choice=choice,
            start_date=start,
            note=f"Shows whether the work changed {reading.name[:1].lower()}{reading.name[1:]}",
            user=manager,
        )
        if n == 0:  # the objective the improving action serves is measured the same way
            impact.set_measure(
                objective, board, choice=choice, start_date=start, note="", user=manager
            )


def demo_impact_actions(board: Board) -> list[Action]:
    """The demo's measured actions (for its test)."""
    ids = impact.ImpactMeasure.objects.filter(
        board=board, subject_type=ContentType.objects.get_for_model(Action)
    ).values_list("subject_id", flat=True)
    return list(Action.objects.filter(pk__in=list(ids)))
