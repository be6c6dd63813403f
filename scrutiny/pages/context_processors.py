from django.http import HttpRequest
from django.urls import resolve

from scrutiny.access.permissions import visible_boards
from scrutiny.access.views import may_open

from .navigation import board_navigation


def shell(request: HttpRequest) -> dict:
    """The header's board switcher and the current board's navigation."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    board = getattr(request, "board", None)
    context: dict = {"switchable_boards": list(visible_boards(request.user).order_by("name"))}
    if board is not None:
        context["current_board"] = board
        context["words"] = board.words  # "partnership"/"board" and so on (settings)
        # The independent scrutineer holds no board home: the board's name is then no link.
        context["board_home_open"] = may_open(request.user, board, "core:board_home")
        context["board_nav"] = board_navigation(
            request, board, resolve(request.path_info).namespace
        )
    return context
