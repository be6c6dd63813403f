from __future__ import annotations

from django import template
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission

from ..clocks import clock_row
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
        return {"show": False}
    today = timezone.localdate()
    rows = [clock_row(c, today) for c in open_clocks(board)[:PANEL_SIZE]]
    return {"show": True, "board": board, "rows": rows}
