"""The partnership's panel on the board home of those who run the board."""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from . import services


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """Documents awaiting sign-off and past their review date (the current version of each
    kind), and partners without a named lead: 3 queries (the partners, the versions, their
    signatures; neither the people named nor who signed, which the counts do not need). Only
    counts above zero are shown."""
    board_partners = services.partners(board, with_people=False)
    current = services.current_documents(board, board_partners, with_signers=False)
    awaiting = sum(1 for s in current if not s.agreed)
    overdue = sum(1 for s in current if s.version.review_overdue(today))
    documents = reverse("partnership:documents", args=[board.slug])
    overview = reverse("partnership:overview", args=[board.slug])
    counts = [
        HomeCount("documents awaiting sign-off", awaiting, f"{documents}?show=awaiting"),
        HomeCount("documents past their review date", overdue, f"{documents}?show=overdue", True),
        HomeCount(
            "partners without a named lead",
            # an LSCB has no lead safeguarding partners to name
            sum(1 for p in board_partners if p.lead_id is None) if board.is_partnership else 0,
            f"{overview}?show=no-lead",
            True,
        ),
    ]
    return [c for c in counts if c.count]  # the panel says so when nothing needs doing
