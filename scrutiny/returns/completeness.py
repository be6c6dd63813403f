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
    total: Tally = field(default_factory=Tally)
    by_agency: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


def completeness(requests: QuerySet[ReturnRequest], today: datetime.date) -> Completeness:
    result = Completeness()
    for request in requests.select_related("agency_return__agency"):
        result.total.add(request, today)
        result.by_agency[request.agency_return.agency.name].add(request, today)
    result.by_agency = dict(sorted(result.by_agency.items()))
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
