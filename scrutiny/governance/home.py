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


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """One query: meetings in the next eight weeks."""
    url = reverse("governance:meetings", args=[board.slug])
    return [
        HomeCount("in the next eight weeks", upcoming(board, today).count(), f"{url}?when=upcoming")
    ]


def next_meetings(board: Board, today: datetime.date) -> list[dict]:
    """One query: the next three meetings, each with how many agenda items have a paper."""
    meetings = (
        upcoming(board, today)
        .select_related("group__board")
        .annotate(
            items=Count("agenda", distinct=True),
            papers=Count("agenda", filter=~Q(agenda__paper=""), distinct=True),
        )
        .order_by("held_on", "pk")[:3]
    )
    return [
        {
            "text": f"{m.group.name}, {m.held_on:%-d %b %Y}",
            "href": m.get_absolute_url(),
            "detail": f"{m.papers} of {m.items} agenda items have a paper",
        }
        for m in meetings
    ]
