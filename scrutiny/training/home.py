"""What training puts on an agency lead's page (registered from `TrainingConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from scrutiny.pages.home import AgencyRow

from .models import EvaluationInvitation


def agency_rows(leads: dict[int, set[int]], today: datetime.date) -> list[AgencyRow]:
    """One query: evaluations the staff of the agencies a person leads have been emailed and
    not yet answered, on every board."""
    wanted = Q(pk__in=[])
    for board_id, agency_ids in leads.items():
        wanted |= Q(
            booking__session__course__programme__board_id=board_id,
            booking__agency_id__in=agency_ids,
        )
    invitations = (
        EvaluationInvitation.objects.filter(wanted, answered_on__isnull=True)
        .select_related("booking__agency", "booking__session__course__programme__board")
        .order_by("sent_at", "pk")
    )
    rows = []
    for invitation in invitations:
        booking = invitation.booking
        session = booking.session
        board = session.course.programme.board
        rows.append(
            AgencyRow(
                board_id=board.pk,
                text=f"{invitation.get_stage_display()} evaluation of {session.course.title} "
                f"({session.date:%-d %b %Y}) owed by {booking.name}, {booking.agency.name}",
                href=reverse("training:home", args=[board.slug]),
            )
        )
    return rows
