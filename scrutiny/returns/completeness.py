"""Reporting completeness (MEASURES.md): received ÷ expected × 100, on time within the due date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from scrutiny.core.completeness import Receipts

from .models import ReturnRequest


@dataclass
class Tally(Receipts):
    late: int = 0  # received late, or not received and past due
    outstanding: int = 0

    def add(self, request: ReturnRequest, today: datetime.date) -> None:
        self.expected += 1
        on_time = request.received_on_time()
        if on_time is None:
            self.outstanding += 1
            if today > request.due_date:
                self.late += 1
        else:
            self.received += 1
            if on_time:
                self.on_time += 1
            else:
                self.late += 1


@dataclass
class Completeness:
    """Only what is due by `today` is expected: the headline, by agency and by template and
    period. Returns asked for but due later are listed apart (some may already be in)."""

    total: Tally = field(default_factory=Tally)
    by_agency: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_template: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    due_later: list[ReturnRequest] = field(default_factory=list)

    @property
    def received_early(self) -> int:
        return sum(1 for r in self.due_later if r.agency_return.first_submitted_at)


def is_due(request: ReturnRequest, today: datetime.date) -> bool:
    """A return is expected from its due date on (the due date itself included)."""
    return request.due_date <= today


def completeness(requests: QuerySet[ReturnRequest], today: datetime.date) -> Completeness:
    result = Completeness()
    for request in requests.select_related(
        "agency_return__agency", "agency_return__template", "agency_return__subject"
    ).order_by("due_date", "agency_return__agency__name"):
        if not is_due(request, today):
            result.due_later.append(request)
            continue
        result.total.add(request, today)
        result.by_agency[request.agency_return.agency.name].add(request, today)
        key = (request.agency_return.template.title, request.agency_return.period_label)
        result.by_template[key].add(request, today)
    result.by_agency = dict(sorted(result.by_agency.items()))
    result.by_template = dict(
        sorted(result.by_template.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    )
    return result


def request_status(request: ReturnRequest, today: datetime.date) -> tuple[str, str]:
    """(label, tag colour) for one board's view of a return."""
    agency_return = request.agency_return
    if request.accepted_at:
        return "Accepted", "green"
    if agency_return.is_submitted:
        return "Submitted", "blue"
    if agency_return.first_submitted_at:
        return "Reopened", "purple"
    if today > request.due_date:
        return "Overdue", "red"
    if agency_return.last_saved_at:
        return "In progress", "yellow"
    return "Not started", "grey"
