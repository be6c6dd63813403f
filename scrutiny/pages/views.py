"""The foundation's own pages: the boards a person may open, the board switcher and a
board's home."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.access.permissions import (
    Permission,
    can_reach_board,
    can_reach_region,
    has_permission,
    roles_on_board,
    visible_boards,
)
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.models import AuditEntry
from scrutiny.tenancy.models import Board

from .navigation import landing_url


@login_required
def home(request: HttpRequest) -> HttpResponse:
    boards = list(visible_boards(request.user).order_by("name"))
    if len(boards) == 1:
        return redirect(landing_url(request.user, boards[0]))
    for b in boards:
        b.landing = landing_url(request.user, b)  # type: ignore[attr-defined]
    regions = sorted(
        {b.region for b in boards if can_reach_region(request.user, b.region)}, key=str
    )
    return render(request, "core/boards.html", {"boards": boards, "regions": regions})


@login_required
def switch_board(request: HttpRequest) -> HttpResponse:
    board = Board.objects.filter(slug=request.GET.get("board", "")).first()
    if board is None or not can_reach_board(request.user, board):
        raise Http404("No such board")
    return redirect(landing_url(request.user, board))


@board_view(Permission.BOARD_VIEW)
def board_home(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    agency_counts = board.memberships.aggregate(
        total=Count("pk"), statutory=Count("pk", filter=Q(statutory_partner=True))
    )
    context = {
        "board": board,
        "my_roles": roles_on_board(request.user, board),
        "agency_counts": agency_counts,
        "people_count": board.role_assignments.values("user").distinct().count(),
    }
    if has_permission(request.user, Permission.AUDIT_LOG_VIEW, board=board):
        context["recent_changes"] = (
            AuditEntry.objects.filter(boards=board)
            .select_related("actor", "content_type")
            .order_by("-timestamp")[:5]
        )
    return render(request, "core/board_home.html", context)
