"""Demo findings from training, the voice of children and staff, and the data set, recorded
through the one findings service, some raising actions that serve a priority's objective so
they show on its golden thread. Runs after the data set, training and voice demos."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from scrutiny.dataset.board_data import current_data_set, value_of
from scrutiny.dataset.findings import red_streak
from scrutiny.dataset.models import IndicatorValue, Target
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.library.models import ReportingPeriod
from scrutiny.people.models import Role, User
from scrutiny.plan.models import Measure
from scrutiny.tenancy.models import Board, Region
from scrutiny.training.findings import finding_suggestions
from scrutiny.training.impact import course_impacts
from scrutiny.voice.models import Voice


@transaction.atomic
def create_demo_findings(region: Region) -> None:
    today = timezone.localdate()
    for board in region.boards.all():
        manager = User.objects.filter(
            role_assignments__board=board, role_assignments__role=Role.BUSINESS_MANAGER
        ).first()
        _training(board, manager, today)
        _voice(board, manager)
        _data_set(board, manager, today)


def _first_objective(priority):
    return priority.objectives.order_by("due_date", "pk").first() if priority else None


def _training(board: Board, manager: User | None, today: datetime.date) -> None:
    """The facilitator standard of each course, as the evaluations show it; the course that
    missed it raises an action serving its priority."""
    for programme in board.training_programmes.all():
        impacts = course_impacts(programme)
        for course in programme.courses.prefetch_related("priorities"):
            for suggestion in finding_suggestions(course.title, impacts[course.pk]):
                if suggestion.key != "facilitator":
                    continue
                finding = record_finding(
                    board=board,
                    source=course,
                    kind=suggestion.kind,
                    text=suggestion.text,
                    recorded_by=manager,
                )
                if finding.is_improvement and manager is not None:
                    raise_action_from_finding(
                        finding,
                        title=f"Review the facilitation of “{course.title}”",
                        owner=manager,
                        agency=None,
                        due_date=today + datetime.timedelta(days=45),
                        objective=_first_objective(course.priorities.first()),
                        created_by=manager,
                    )


def _voice(board: Board, manager: User | None) -> None:
    """What children in care said about changes of worker, recorded as a finding."""
    activity = board.engagement.filter(voice=Voice.CHILDREN).order_by("held_on", "pk").first()
    if activity is None:
        return
    record_finding(
        board=board,
        source=activity,
        kind="improvement",
        text=f"Children said: {activity.you_said} Stable relationships with workers matter.",
        recorded_by=manager,
    )
    staff = board.engagement.filter(voice=Voice.STAFF, impact__gt="").first()
    if staff is not None:
        record_finding(
            board=board,
            source=staff,
            kind="strength",
            text=f"Front-line staff were heard and the board acted: {staff.impact}",
            recorded_by=manager,
        )


def _data_set(board: Board, manager: User | None, today: datetime.date) -> None:
    """One quarterly indicator a priority follows is red for its last two quarters (the
    demo sets those quarters' targets a little beyond the values); it becomes a finding."""
    data_set = current_data_set()
    if data_set is None:
        return
    for measure in Measure.objects.filter(priority__board=board).exclude(indicator_code=""):
        indicator = data_set.indicators.filter(
            code=measure.indicator_code, period=ReportingPeriod.QUARTER
        ).first()
        if indicator is None:
            continue
        latest = list(
            IndicatorValue.objects.filter(board=board, indicator=indicator).order_by("-period_end")[
                :2
            ]
        )
        if len(latest) < 2:
            continue
        better = 1 if indicator.higher_is_better else -1
        for row in latest:
            value = value_of(row, indicator) or Decimal(0)
            margin = max(abs(value) * Decimal("0.08"), Decimal(2))
            Target.objects.update_or_create(
                board=board,
                indicator=indicator,
                period_label=row.period_label,
                defaults={
                    "target": (value + better * margin).quantize(Decimal("0.1")),
                    "tolerance": (margin / 4).quantize(Decimal("0.1")),
                },
            )
        streak = red_streak(board, indicator)
        if streak is None:
            continue
        finding = record_finding(
            board=board,
            source=streak.latest,
            kind="improvement",
            text=streak.finding_text(),
            recorded_by=manager,
        )
        if manager is not None:
            raise_action_from_finding(
                finding,
                title=f"Find out why “{indicator.name}” is off target, and act",
                owner=manager,
                agency=None,
                due_date=today + datetime.timedelta(days=60),
                objective=_first_objective(measure.priority),
                created_by=manager,
            )
        return
