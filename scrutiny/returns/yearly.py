"""Scheduling a return for a whole financial year: its periods, their due dates, and what
is already asked (so running it twice duplicates nothing).

A year is April to March. Asked each quarter, a return has four periods, the calendar
quarters of the year (labelled as the data set and the single-return form label them,
"2026 Q2" for April to June 2026); asked once, one period, the year ("2026-27"). The rule
for due dates is a number of days after each period ends; the person checks and may change
each date before confirming. Writing goes through `services.schedule_returns`, which skips
an agency this board has already asked for that return and period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from scrutiny.dataset.periods import financial_year_label, financial_year_quarters, parse_period
from scrutiny.library.models import FrameworkTemplate, ReportingPeriod, TemplateSubject
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import ReturnRequest
from .services import ScheduleResult, schedule_returns

EACH_QUARTER = "quarter"
ONCE_A_YEAR = "year"


@dataclass(frozen=True)
class PlannedPeriod:
    label: str
    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def key(self) -> str:
        return self.label.replace(" ", "_")


def plan_periods(year: int, how_often: str, days_after: int) -> list[PlannedPeriod]:
    """The periods of financial year `year` and each one's due date by the rule."""
    if how_often == EACH_QUARTER:
        labels = [(label, ReportingPeriod.QUARTER) for label in financial_year_quarters(year)]
    else:
        labels = [(financial_year_label(year), ReportingPeriod.YEAR)]
    periods = []
    for label, kind in labels:
        period = parse_period(label, kind)
        due = period.end + datetime.timedelta(days=days_after)
        periods.append(PlannedPeriod(period.label, period.start, period.end, due))
    return periods


def usual_agencies(board: Board, template: FrameworkTemplate) -> list[Agency]:
    """The board's agencies the return applies to (every one if the template names none)."""
    agencies = Agency.objects.filter(memberships__board=board).order_by("name")
    if template.applies_to:
        agencies = agencies.filter(agency_type__in=template.applies_to)
    return list(agencies)


def already_asked(
    board: Board,
    template: FrameworkTemplate,
    subject: TemplateSubject | None,
    periods: list[PlannedPeriod],
    agencies: list[Agency],
) -> list[ReturnRequest]:
    """This board's requests for the same return, period and agency: they will be skipped."""
    return list(
        ReturnRequest.objects.filter(
            Q(agency_return__subject=subject)
            if subject
            else Q(agency_return__subject__isnull=True),
            board=board,
            agency_return__template=template,
            agency_return__period_label__in=[p.label for p in periods],
            agency_return__agency__in=agencies,
        )
        .select_related("agency_return__agency")
        .order_by("agency_return__period_start", "agency_return__agency__name")
    )


@transaction.atomic
def schedule_year(
    *,
    board: Board,
    template: FrameworkTemplate,
    subject: TemplateSubject | None,
    periods: list[PlannedPeriod],
    agencies: list[Agency],
    requested_by: User,
) -> list[tuple[PlannedPeriod, ScheduleResult]]:
    """Ask every agency for the return for every period, by each period's due date."""
    return [
        (
            period,
            schedule_returns(
                board=board,
                template=template,
                subject=subject,
                period_label=period.label,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
                agencies=agencies,
                requested_by=requested_by,
            ),
        )
        for period in periods
    ]
