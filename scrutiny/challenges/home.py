"""What the challenge log puts on the home pages (registered from `ChallengesConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from scrutiny.core.lists import id_links
from scrutiny.pages.home import AgencyRow, HomeCount
from scrutiny.tenancy.models import Board

from .models import Challenge

# The list's `?show=` filters the home page links to.
SHOWS = {"awaiting": "Awaiting a response", "past_date": "Past their response date"}


def to_answer(challenges: QuerySet[Challenge], agency_ids: set[int]) -> QuerySet[Challenge]:
    """Challenges to these agencies still waiting for their answer."""
    return awaiting(challenges).filter(to_agency_id__in=agency_ids)


def to_answer_url(board: Board) -> str:
    return reverse("challenges:list", args=[board.slug]) + "?show=to_answer"


def awaiting(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """Open challenges not yet answered (`Challenge.awaiting_response` as a query)."""
    return challenges.filter(closed_on__isnull=True, responded_at__isnull=True)


def shown(challenges: QuerySet[Challenge], show: str, today: datetime.date):
    challenges = awaiting(challenges)
    if show == "past_date":
        return challenges.filter(response_due__lt=today)
    return challenges


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """One query: the board's challenges awaiting a response, and those past their date."""
    counts = awaiting(Challenge.objects.filter(board=board)).aggregate(
        awaiting=Count("pk"), late=Count("pk", filter=Q(response_due__lt=today))
    )
    url = reverse("challenges:list", args=[board.slug])
    return [
        HomeCount("awaiting a response", counts["awaiting"], f"{url}?show=awaiting"),
        HomeCount("past their response date", counts["late"], f"{url}?show=past_date", True),
    ]


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list[AgencyRow]:
    """One query: challenges to the agencies a person leads, still to answer, every board."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(board_id=board_id, to_agency_id__in=agency_ids)
    challenges = list(
        awaiting(Challenge.objects.filter(wanted))
        .values_list("pk", "board_id", "board__slug", "issue", "to_agency__name", "response_due")
        .order_by("response_due", "pk")
    )
    links = {slug: id_links("challenges:detail", slug) for slug in {c[2] for c in challenges}}
    return [
        AgencyRow(
            board_id=board_id,
            text=f"{issue[:80]} ({agency})",
            href=links[slug](pk),
            due=due,
            overdue=due < today,
        )
        for pk, board_id, slug, issue, agency, due in challenges
    ]
