"""The foundation's own pages: the boards a person may open, the board switcher and a
board's home."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from scrutiny.access.permissions import (
    Permission,
    agency_ids_led,
    can_reach_board,
    can_reach_region,
    grants_key,
    has_permission,
    roles_on_board,
    visible_boards,
)
from scrutiny.access.views import board_view, current_board
from scrutiny.audit.versions import kept_on_board, region_data_version
from scrutiny.tenancy.models import Board

from . import home as home_items
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
    leads_any = any(agency_ids_led(request.user, b) for b in boards)
    return render(
        request,
        "core/boards.html",
        {"boards": boards, "regions": regions, "leads_any": leads_any},
    )


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """An agency lead's one page across all their boards: what their agencies owe."""
    work = home_items.kept_agency_work(request.user, timezone.localdate())
    if work is None:
        raise Http404("You lead no agency on any board")
    return render(request, "core/my_work.html", {"work": work})


@login_required
def switch_board(request: HttpRequest) -> HttpResponse:
    board = Board.objects.filter(slug=request.GET.get("board", "")).first()
    if board is None or not can_reach_board(request.user, board):
        raise Http404("No such board")
    return redirect(landing_url(request.user, board))


# Part of the kept board home's key: change it when its drawing changes.
HOME_FORMAT = "1"


@board_view(Permission.BOARD_VIEW)
def board_home(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    # What the home's figures and panels are kept in the cache against (one query).
    version = region_data_version(board.region_id)

    def drawn() -> tuple[SafeString, SafeString, bool]:
        """The page above and below what is new since the last visit, drawn; and whether it
        has panels (those who run the board) or news instead (everyone else)."""
        figures = home_items.kept_board_figures(board, version)
        panels = home_items.board_panels(request.user, board, timezone.localdate(), version)
        context = {
            "board": board,
            "words": board.words,
            "my_roles": roles_on_board(request.user, board),
            "agency_counts": figures,
            "people_count": figures["people"],
            "panels": panels,
            "leads_here": bool(agency_ids_led(request.user, board)),
        }
        if has_permission(request.user, Permission.AUDIT_LOG_VIEW, board=board):
            context["recent_changes"] = home_items.recent_changes(board, version)
        top = render_to_string("core/_board_home_top.html", context)
        bottom = render_to_string("core/_board_home_bottom.html", context)
        return top, bottom, bool(panels)

    # Everything but the news is decided by the person's grants (their roles, the panels and
    # links they may open, the audit log): kept for them until the region changes.
    top, bottom, has_panels = kept_on_board(
        board, f"home:page:{HOME_FORMAT}", drawn, vary=[grants_key(request.user)], version=version
    )
    context = {"board": board, "top": top, "bottom": bottom}
    if not has_panels:  # QA, lay members, viewers: what is new since their last visit
        context["news"] = home_items.news_since_last_visit(
            request.user, board, timezone.now(), version
        )
    return render(request, "core/board_home.html", context)
