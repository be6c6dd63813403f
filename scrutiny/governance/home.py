"""What governance puts on the board home (registered from `GovernanceConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse

from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from .models import Meeting

UPCOMING_DAYS = 56  # "upcoming" on the home page and the meetings list: the next eight weeks


def upcoming(board: Board, today: datetime.date):
    return Meeting.objects.filter(
        group__board=board,
        held_on__gte=today,
        held_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
    )


def _upcoming_with_papers(board: Board, today: datetime.date) -> list[Meeting]:
    """One query: every meeting in the next eight weeks, soonest first, each with how many
    agenda items it has and how many of them have a paper. The panel's count and its lines
    read the same list, worked out once per board object (one request)."""
    cached = getattr(board, "_upcoming_meetings_for_home", None)
    if cached is None or cached[0] != today:
        meetings = list(
            upcoming(board, today)
            .select_related("group__board")
            .annotate(
                items=Count("agenda", distinct=True),
                papers=Count("agenda", filter=~Q(agenda__paper=""), distinct=True),
            )
            .order_by("held_on", "pk")
        )
        cached = (today, meetings)
        board._upcoming_meetings_for_home = cached  # type: ignore[attr-defined]
    return cached[1]


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """Meetings in the next eight weeks: the query of `_upcoming_with_papers`, shared with
    `next_meetings`."""
    url = reverse("governance:meetings", args=[board.slug])
    return [
        HomeCount(
            "in the next eight weeks",
            len(_upcoming_with_papers(board, today)),
            f"{url}?when=upcoming",
        )
    ]


def next_meetings(board: Board, today: datetime.date) -> list[dict]:
    """The next three meetings, each with how many agenda items have a paper. No queries
    beyond `board_counts`'."""
    return [
        {
            "text": f"{m.group.name}, {m.held_on:%-d %b %Y}",
            "href": m.get_absolute_url(),
            "detail": f"{m.papers} of {m.items} agenda items have a paper",  # type: ignore[attr-defined]
        }
        for m in _upcoming_with_papers(board, today)[:3]
    ]
