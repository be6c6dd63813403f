"""Training courses as evidence for the self-assessment (criteria on training and learning)."""

from __future__ import annotations

from django.urls import reverse

from scrutiny.selfassessment.finders import Candidate, Criterion
from scrutiny.tenancy.models import Board

from .models import Course


def find_courses(board: Board, criterion: Criterion) -> list[Candidate]:
    courses = Course.objects.filter(programme__board=board).select_related("programme")
    return [
        Candidate(
            c,
            f"Training: {c.title} ({c.programme.year} programme)",
            f"training course {c.description} {c.audience} {c.learning_from}",
            reverse("training:course", args=[board.slug, c.pk]),
        )
        for c in courses.order_by("-programme__year", "title")
    ]
