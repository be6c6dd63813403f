"""Reporting completeness (MEASURES.md): received ÷ expected × 100, on time within the due date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from scrutiny.actions.services import StatusTag
from scrutiny.core.completeness import Receipts
from scrutiny.core.lists import id_links
from scrutiny.core.numbers import decimal_text
from scrutiny.core.rows import link, short_date, table_row, table_rows
from scrutiny.tenancy.models import Board

from .models import ReturnRequest, ReturnStatus, received_on_time


class Dated(Protocol):
    @property
    def due_date(self) -> datetime.date: ...

    def received_on_time(self) -> bool | None: ...


@dataclass
class Tally(Receipts):
    late: int = 0  # received late, or not received and past due
    outstanding: int = 0

    @property
    def percent(self) -> str:
        """The completeness as the list shows it, rounded to a whole per cent."""
        return f"{decimal_text(self.completeness, 0, empty='')}%"

    def add(self, request: Dated, today: datetime.date) -> None:
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


# What a list of a board's requests reads of each: values, not model instances.
LISTED_FIELDS = (
    "agency_return_id",
    "agency_return__agency_id",
    "agency_return__agency__name",
    "agency_return__template__title",
    "agency_return__subject__title",
    "agency_return__period_label",
    "due_date",
    "accepted_at",
    "agency_return__status",
    "agency_return__first_submitted_at",
    "agency_return__last_saved_at",
)


@dataclass(frozen=True, slots=True)
class ListedRequest:
    """One board's request for a return, as its lists and completeness read it."""

    return_id: int
    agency_id: int
    agency: str
    template_title: str
    subject_title: str | None
    period_label: str
    due_date: datetime.date
    accepted_at: datetime.datetime | None
    status: str
    first_submitted_at: datetime.datetime | None
    last_saved_at: datetime.datetime | None

    @property
    def title(self) -> str:  # as AgencyReturn.title: the report's subject, else the template
        return self.subject_title if self.subject_title is not None else self.template_title

    def received_on_time(self) -> bool | None:
        return received_on_time(self.first_submitted_at, self.due_date)

    def due_later_row(self) -> SafeString:
        """Its row in the list's table of returns due later."""
        received = short_date(self.first_submitted_at) if self.first_submitted_at else "Not yet"
        return table_row(
            self.agency, self.title, self.period_label, short_date(self.due_date), received
        )


def listed_requests(requests: QuerySet[ReturnRequest]) -> list[ListedRequest]:
    """The requests as values (one query), in the order the queryset gives."""
    return [ListedRequest(*row) for row in requests.values_list(*LISTED_FIELDS)]


@dataclass
class Completeness:
    """Only what is due by `today` is expected: the headline, by agency and by template and
    period. Returns asked for but due later are listed apart (some may already be in)."""

    total: Tally = field(default_factory=Tally)
    by_agency: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_template: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    due_later: list[ListedRequest] = field(default_factory=list)

    @property
    def received_early(self) -> int:
        return sum(1 for r in self.due_later if r.first_submitted_at)

    def template_rows(self) -> SafeString:
        """The rows of the list's table by return and period."""
        return table_rows(
            (
                table_row(
                    title, period, t.expected, t.received, t.on_time, t.percent, numeric_from=2
                )
                for (title, period), t in self.by_template.items()
            )
        )

    def agency_rows(self) -> SafeString:
        """The rows of the list's table by agency."""
        return table_rows(
            (
                table_row(
                    name, t.expected, t.received, t.on_time, t.late, t.percent, numeric_from=1
                )
                for name, t in self.by_agency.items()
            )
        )

    def due_later_rows(self) -> SafeString:
        return table_rows(r.due_later_row() for r in self.due_later)


def is_due(request: Dated, today: datetime.date) -> bool:
    """A return is expected from its due date on (the due date itself included)."""
    return request.due_date <= today


def completeness(requests: QuerySet[ReturnRequest], today: datetime.date) -> Completeness:
    return tally(
        listed_requests(requests.order_by("due_date", "agency_return__agency__name", "pk")), today
    )


def tally(requests: Iterable[ListedRequest], today: datetime.date) -> Completeness:
    """`completeness` of requests already read (the due-later ones kept in their order)."""
    result = Completeness()
    for request in requests:
        if not is_due(request, today):
            result.due_later.append(request)
            continue
        result.total.add(request, today)
        result.by_agency[request.agency].add(request, today)
        result.by_template[(request.template_title, request.period_label)].add(request, today)
    result.by_agency = dict(sorted(result.by_agency.items()))
    result.by_template = dict(
        sorted(result.by_template.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    )
    return result


def status(
    *,
    accepted: bool,
    submitted: bool,
    received: bool,
    saved: bool,
    due_date: datetime.date,
    today: datetime.date,
) -> tuple[str, str]:
    """(label, tag colour) for one board's view of a return."""
    if accepted:
        return "Accepted", "green"
    if submitted:
        return "Submitted", "blue"
    if received:
        return "Reopened", "purple"
    if today > due_date:
        return "Overdue", "red"
    if saved:
        return "In progress", "yellow"
    return "Not started", "grey"


def request_status(request: ReturnRequest, today: datetime.date) -> tuple[str, str]:
    """(label, tag colour) for one board's view of a return."""
    agency_return = request.agency_return
    return status(
        accepted=bool(request.accepted_at),
        submitted=agency_return.is_submitted,
        received=bool(agency_return.first_submitted_at),
        saved=bool(agency_return.last_saved_at),
        due_date=request.due_date,
        today=today,
    )


def listed_status(request: ListedRequest, today: datetime.date) -> tuple[str, str]:
    return status(
        accepted=bool(request.accepted_at),
        submitted=request.status == ReturnStatus.SUBMITTED,
        received=bool(request.first_submitted_at),
        saved=bool(request.last_saved_at),
        due_date=request.due_date,
        today=today,
    )


class AgencyChoice(NamedTuple):
    """An agency in a list's filter."""

    pk: int
    name: str


@dataclass(frozen=True, slots=True)
class ListRow:
    """One row of the returns list: the request, its page and its status tag. Rendered by
    `__html__` (as `StatusTag`), so a page of rows costs no template lookups per cell."""

    request: ListedRequest
    href: str
    status: StatusTag

    def __str__(self) -> str:
        return self.__html__()

    def __html__(self) -> str:
        r = self.request
        if r.first_submitted_at:
            on_time = " (on time)" if r.received_on_time() else " (late)"
            received = short_date(r.first_submitted_at) + on_time
        else:
            received = "Not yet"
        title = link(self.href, r.title, hidden=f" from {r.agency}")
        return table_row(
            r.agency, title, r.period_label, short_date(r.due_date), received, self.status
        )


def list_rows(
    requests: Iterable[ListedRequest], board: Board, today: datetime.date
) -> list[ListRow]:
    """The list's rows, each return's address made from one `reverse` (not one per row)."""
    href = id_links("returns:detail", board.slug)
    return [
        ListRow(r, href(r.return_id), StatusTag(*reversed(listed_status(r, today))))
        for r in requests
    ]
