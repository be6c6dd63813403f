"""What the incidents app puts on the home pages (registered in `apps.py`): the board's open
statutory clocks for those who run it, and the rapid-review requests an agency lead owes."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Q
from django.urls import reverse

from scrutiny.core.lists import id_links
from scrutiny.pages.home import AgencyRow, HomeCount
from scrutiny.tenancy.models import Board

from .clocks import RAG_WORDS, Clock, Rag, clock_row
from .models import ContributionRequest
from .services import open_clocks

# How many clocks the panel names before "All statutory clocks".
PANEL_SIZE = 5
# The clocks list filters by these words (`?state=`), the panel's counts link to them.
STATES = {"passed": Rag.RED, "due-soon": Rag.AMBER, "on-track": Rag.GREEN}


def _clocks(board: Board) -> list[Clock]:
    # The panel's counts and lines read the same clocks: worked out once per board object
    # (one request), so the home page pays `open_clocks`' queries once.
    cached = getattr(board, "_open_clocks_for_home", None)
    if cached is None:
        cached = open_clocks(board)
        board._open_clocks_for_home = cached  # type: ignore[attr-defined]
    return cached


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """The open clocks counted by state, each linking to the clocks list filtered to it.
    Queries: those of `open_clocks` (a fixed number), shared with `nearest_clocks`."""
    by_rag = Counter(clock.rag(today) for clock in _clocks(board))
    url = reverse("incidents:clocks", args=[board.slug])
    return [
        HomeCount(RAG_WORDS[rag].lower(), by_rag[rag], f"{url}?state={state}", alert=rag == Rag.RED)
        for state, rag in STATES.items()
    ]


def nearest_clocks(board: Board, today: datetime.date) -> list[dict]:
    """The nearest deadlines, each with its days left. No queries beyond `board_counts`'."""
    lines = []
    for clock in _clocks(board)[:PANEL_SIZE]:
        row = clock_row(clock, today)
        left = (
            f"{row['past']} working day{'s' if row['past'] != 1 else ''} past"
            if row["past"]
            else f"{row['left']} working day{'s' if row['left'] != 1 else ''} left"
        )
        lines.append(
            {
                "text": clock.what,
                "href": clock.url,
                "detail": f"{row['word']}: by {clock.deadline:%a} {clock.deadline.day} "
                f"{clock.deadline:%b %Y}, {left}",
            }
        )
    return lines


def contributions_url(board: Board) -> str:
    return reverse("incidents:contributions", args=[board.slug])


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list[AgencyRow]:
    """One query: the rapid-review requests each led agency has still to answer, on every
    board, while the review is still open (not yet sent to the Panel)."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(rapid_review__incident__board_id=board_id, agency_id__in=agency_ids)
    requests = list(
        ContributionRequest.objects.filter(
            wanted,
            received_on__isnull=True,
            rapid_review__sent_to_panel_on__isnull=True,
        )
        .values_list(
            "pk",
            "rapid_review__incident__board_id",
            "rapid_review__incident__board__slug",
            "rapid_review__incident__reference",
            "agency__name",
            "due_on",
        )
        .order_by("due_on", "pk")
    )
    links = {slug: id_links("incidents:contribute", slug) for slug in {r[2] for r in requests}}
    return [
        AgencyRow(
            board_id=board_id,
            text=f"Rapid review {reference}: information from {agency}",
            href=links[slug](pk),
            due=due,
            overdue=due < today,
        )
        for pk, board_id, slug, reference, agency, due in requests
    ]
