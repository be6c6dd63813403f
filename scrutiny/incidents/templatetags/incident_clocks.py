from __future__ import annotations

from django import template
from django.utils import timezone

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission

from ..clocks import clock_row
from ..models import ContributionRequest
from ..services import open_clocks

register = template.Library()

# How many clocks the board home lists before "All statutory clocks".
PANEL_SIZE = 5


@register.inclusion_tag("incidents/home_panel.html", takes_context=True)
def clock_panel(context: template.Context) -> dict:
    """The board home's panel of open clocks, for those who run incidents (the business
    manager and the chair); an empty string for everyone else."""
    request, board = context["request"], context["board"]
    if not has_permission(request.user, Permission.INCIDENTS_MANAGE, board=board):
        # An agency lead: the rapid-review requests to their agency still awaiting an answer.
        led = agency_ids_led(request.user, board)
        asked = ContributionRequest.objects.filter(
            rapid_review__incident__board=board,
            agency_id__in=led,
            received_on__isnull=True,
            rapid_review__sent_to_panel_on__isnull=True,
        ).select_related("agency", "rapid_review__incident")
        return {"show": False, "board": board, "asked": list(asked) if led else []}
    today = timezone.localdate()
    rows = [clock_row(c, today) for c in open_clocks(board)[:PANEL_SIZE]]
    return {"show": True, "board": board, "rows": rows}
