from django.http import HttpRequest
from django.urls import resolve

from .navigation import board_bar


def shell(request: HttpRequest) -> dict:
    """The board bar (the board's name, its navigation and the board switcher) and the
    current board."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    board = getattr(request, "board", None)
    section = None
    if board is not None:  # a board page: its URL resolved (the match is kept on the request)
        section = (request.resolver_match or resolve(request.path_info)).namespace
    context: dict = {"board_bar": board_bar(request.user, board, section)}
    if board is not None:
        context["current_board"] = board
        context["words"] = board.words  # "partnership"/"board" and so on (settings)
    return context
