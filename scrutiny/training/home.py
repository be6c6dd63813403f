"""What training puts on an agency lead's page (registered from `TrainingConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from scrutiny.pages.home import AgencyRow

from .models import EvaluationInvitation, EvaluationStage

_STAGE_LABELS = dict(EvaluationStage.choices)


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list[AgencyRow]:
    """One query: evaluations the staff of the agencies a person leads have been emailed and
    not yet answered, on every board."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(
            booking__session__course__programme__board_id=board_id,
            booking__agency_id__in=agency_ids,
        )
    invitations = list(
        EvaluationInvitation.objects.filter(wanted, answered_on__isnull=True)
        .values_list(
            "stage",
            "booking__session__course__title",
            "booking__session__date",
            "booking__name",
            "booking__agency__name",
            "booking__session__course__programme__board_id",
            "booking__session__course__programme__board__slug",
        )
        .order_by("sent_at", "pk")
    )
    homes = {slug: reverse("training:home", args=[slug]) for slug in {i[-1] for i in invitations}}
    return [
        AgencyRow(
            board_id=board_id,
            text=f"{_STAGE_LABELS.get(stage, stage)} evaluation of {course} ({date:%-d %b %Y}) "
            f"owed by {name}, {agency}",
            href=homes[slug],
        )
        for stage, course, date, name, agency, board_id, slug in invitations
    ]
