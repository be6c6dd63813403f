"""Case reviews as evidence for the self-assessment (criteria on learning from reviews)."""

from __future__ import annotations

from scrutiny.selfassessment.finders import Candidate, Criterion
from scrutiny.tenancy.models import Board

from .models import Review


def find_reviews(board: Board, criterion: Criterion) -> list[Candidate]:
    reviews = Review.objects.filter(board=board).prefetch_related("recommendations__themes")
    return [
        Candidate(
            r,
            f"Review: {r} ({r.get_status_display().lower()})",
            " ".join(
                [r.get_kind_display(), r.summary]
                + [rec.text for rec in r.recommendations.all()]
                + [t.name for rec in r.recommendations.all() for t in rec.themes.all()]
            ),
            r.get_board_url(board),
        )
        for r in reviews.order_by("-commissioned_on")
    ]
