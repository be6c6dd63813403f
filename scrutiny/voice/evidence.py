"""Engagement with children and staff as evidence for the self-assessment."""

from __future__ import annotations

from scrutiny.selfassessment.finders import Candidate, Criterion
from scrutiny.tenancy.models import Board

from .models import EngagementActivity


def find_engagement(board: Board, criterion: Criterion) -> list[Candidate]:
    activities = EngagementActivity.objects.filter(board=board).select_related("board")
    return [
        Candidate(
            a,
            f"Engagement ({a.get_voice_display().lower()}): {a.title}, {a.held_on:%d %b %Y}",
            f"{a.get_kind_display()} voice {a.you_said} {a.we_did} {a.impact}",
            a.get_absolute_url(),
        )
        for a in activities.order_by("-held_on")
    ]
