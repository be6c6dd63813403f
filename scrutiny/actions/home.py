"""What the action tracker puts on the home pages (registered from `ActionsConfig.ready()`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Count, Q
from django.urls import reverse

from scrutiny.core.lists import id_links
from scrutiny.pages.home import AgencyRow, HomeCount
from scrutiny.tenancy.models import Board

from .models import WORK_STATUSES, Action


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """One query: the board's overdue actions counted by agency (the tracker's own
    `overdue()` rule), each linking to the tracker filtered to that agency's overdue ones."""
    url = reverse("actions:tracker", args=[board.slug])
    by_agency = (
        Action.objects.filter(boards=board)
        .overdue(today)
        .values("agency_id", "agency__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "agency__name")
    )
    return [
        HomeCount(
            row["agency__name"] or "No agency",
            row["n"],
            f"{url}?agency={row['agency_id']}&overdue=yes"
            if row["agency_id"]
            else f"{url}?overdue=yes",
            alert=True,
        )
        for row in by_agency
    ]


def to_update_url(board: Board) -> str:
    return reverse("actions:tracker", args=[board.slug]) + "?status=to_update"


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list[AgencyRow]:
    """One query: the open actions of the agencies a person leads, one row per board."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(boards__id=board_id, agency_id__in=agency_ids)
    actions = Action.objects.filter(wanted, status__in=WORK_STATUSES)
    rows = list(
        actions.values("pk", "title", "due_date", "agency__name", "boards__id", "boards__slug")
        .order_by("due_date", "pk")
        .distinct()
    )
    links: dict[str, Callable[[int], str]] = {}  # each board's update pages, reversed once
    for slug in {r["boards__slug"] for r in rows}:
        links[slug] = id_links("actions:update", slug)
    return [
        AgencyRow(
            board_id=r["boards__id"],
            text=f"{r['title']} ({r['agency__name']})",
            href=links[r["boards__slug"]](r["pk"]),
            due=r["due_date"],
            overdue=r["due_date"] < today,
        )
        for r in rows
        if r["boards__id"] in leads
    ]


def added_since(board: Board, since: datetime.datetime) -> int:
    """One query: actions on the board created after `since` (their boards are set after
    they are created, so the audit log's creation entry does not name the board)."""
    return Action.objects.filter(boards=board, created_at__gt=since).distinct().count()
