"""What returns put on the home pages (registered from `ReturnsConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from scrutiny.core.lists import id_links
from scrutiny.pages.home import AgencyRow, HomeCount, end_of_month
from scrutiny.tenancy.models import Board

from .models import ReturnRequest, ReturnStatus

# The list's `?show=` filters; the counts below and the list use these same rules.
SHOWS = {"overdue": "Overdue", "due_this_month": "Due this month", "to_complete": "To complete"}


def outstanding(requests: QuerySet[ReturnRequest]) -> QuerySet[ReturnRequest]:
    """Requests the agency still has to answer: never submitted, or reopened and unsent."""
    return requests.filter(agency_return__status=ReturnStatus.DRAFT, accepted_at__isnull=True)


def shown(
    requests: QuerySet[ReturnRequest], show: str, today: datetime.date
) -> QuerySet[ReturnRequest]:
    requests = outstanding(requests)
    if show == "overdue":
        return requests.filter(due_date__lt=today)
    if show == "due_this_month":
        return requests.filter(due_date__gte=today, due_date__lte=end_of_month(today))
    return requests


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """Two queries: the ids of the returns the board asked for (`of_board`, so the count
    reads those returns by primary key, never a join to the nation's), then the board's
    outstanding requests counted overdue and due this month."""
    counts = outstanding(ReturnRequest.objects.of_board(board)).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        month=Count("pk", filter=Q(due_date__gte=today, due_date__lte=end_of_month(today))),
    )
    url = reverse("returns:list", args=[board.slug])
    return [
        HomeCount("overdue", counts["overdue"], f"{url}?show=overdue", alert=True),
        HomeCount("due this month", counts["month"], f"{url}?show=due_this_month"),
    ]


def to_complete_url(board: Board) -> str:
    return reverse("returns:list", args=[board.slug]) + "?show=to_complete"


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list:
    """One query: the returns each led agency still has to complete, on every board."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(board_id=board_id, agency_return__agency_id__in=agency_ids)
    requests = list(
        outstanding(ReturnRequest.objects.filter(wanted))
        .select_related(
            "board", "agency_return__agency", "agency_return__template", "agency_return__subject"
        )
        .only(  # what the row shows (the return's title: its subject's, else its template's)
            "board__slug",
            "agency_return__period_label",
            "agency_return__agency__name",
            "agency_return__template__title",
            "agency_return__subject__title",
            "due_date",
        )
        .order_by("due_date", "pk")
    )
    links = {slug: id_links("returns:edit", slug) for slug in {r.board.slug for r in requests}}
    return [
        AgencyRow(
            board_id=r.board_id,
            text=f"{r.agency_return.title} ({r.agency_return.agency.name}, "
            f"{r.agency_return.period_label})",
            href=links[r.board.slug](r.agency_return_id),
            due=r.due_date,
            overdue=r.due_date < today,
        )
        for r in requests
    ]
