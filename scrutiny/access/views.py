"""View decorators that resolve the board (or region) from the URL and check one permission.

Someone with no role reaching the board gets 404, so a board's existence is not revealed;
someone on the board without the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse

from scrutiny.tenancy.models import Agency, Board, Region

from .permissions import (
    AGENCY_SCOPED,
    Permission,
    can_reach_board,
    can_reach_region,
    has_permission,
    holds_for_some_agency,
    reachable_boards,
)

View = Callable[..., HttpResponse]


def holds_on_board(user: Any, permission: Permission, board: Board) -> bool:
    """Whether `board_view(permission)` lets the user in (agency-scoped: for some agency)."""
    if not can_reach_board(user, board):
        return False
    if permission in AGENCY_SCOPED:
        return holds_for_some_agency(user, permission, board)
    return has_permission(user, permission, board=board)


# Methods that only read: a page's `writes` permission is asked for every other method.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def board_view(
    permission: Permission, *, writes: Permission | None = None
) -> Callable[[View], View]:
    """The board page's permission; `writes`, for a page that more people may read than may
    change, the permission its POSTs need besides (403 without it)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, board_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            # The board came with the person's grants; one they cannot reach is read to tell
            # "no such board" (404) from "not yours" (404 too, after the check below).
            board = reachable_boards(request.user).get(board_slug) or get_object_or_404(
                Board.objects.select_related("region"), slug=board_slug
            )
            if not can_reach_board(request.user, board):
                raise Http404("No such board")
            if not holds_on_board(request.user, permission, board):
                raise PermissionDenied
            writing = request.method not in READING_METHODS
            if writes and writing and not holds_on_board(request.user, writes, board):
                raise PermissionDenied
            request.board = board  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.board_permission = permission  # type: ignore[attr-defined]
        wrapper.board_write_permission = writes  # type: ignore[attr-defined]
        return wrapper

    return decorator


def region_view(permission: Permission) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, region_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            region = get_object_or_404(Region, slug=region_slug)
            if not can_reach_region(request.user, region):
                raise Http404("No such region")
            if not has_permission(request.user, permission, region=region):
                raise PermissionDenied
            request.region = region  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.region_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


# The view behind each URL name, found by resolving its address once: the URL configuration
# does not change while the process runs, and resolving walks every pattern (the navigation
# asks for some 25 pages on every request).
_VIEW_BY_URL_NAME: dict[str, Callable[..., Any]] = {}


def may_open(user: Any, board: Board, url_name: str, *args: Any) -> bool:
    """Whether the user may open the board page `url_name`: the view's own permission decides,
    so a link is offered exactly when the page would let its follower in."""
    view = _VIEW_BY_URL_NAME.get(url_name)
    if view is None:
        view = resolve(reverse(url_name, args=[board.slug, *args])).func
        _VIEW_BY_URL_NAME[url_name] = view
    return _view_lets_in(view, user, board)


def may_open_path(user: Any, board: Board, path: str) -> bool:
    """Whether the user may open a board page given by its address (a record's own link)."""
    view = _view_at(path)
    return view is not None and _view_lets_in(view, user, board)


def _view_at(path: str) -> Callable[..., Any] | None:
    """The view an address (a fragment allowed) leads to; None for no page of ours, which is
    never offered."""
    try:
        return resolve(path.split("#", 1)[0]).func
    except Resolver404:
        return None


# The view behind each kind of record's own page (see `may_open_paths`), found by resolving
# one such record's address once, for the same reason as `_VIEW_BY_URL_NAME`.
_VIEW_BY_RECORD_MODEL: dict[type, Callable[..., Any] | None] = {}


def may_open_paths(user: Any, board: Board, paths: Iterable[tuple[type, str]]) -> list[bool]:
    """`may_open_path` for each of many addresses, each given with its record's model, whose
    every record links to the same view: the first address of each model is resolved
    (walking every URL pattern) and the view it finds kept for the process."""
    result = []
    for model, path in paths:
        if model not in _VIEW_BY_RECORD_MODEL:
            _VIEW_BY_RECORD_MODEL[model] = _view_at(path)
        view = _VIEW_BY_RECORD_MODEL[model]
        result.append(view is not None and _view_lets_in(view, user, board))
    return result


def _view_lets_in(view: Callable[..., Any], user: Any, board: Board) -> bool:
    permission = getattr(view, "board_permission", None)
    if permission is None:  # not a board page (a region page, or open to anyone signed in)
        return True
    return holds_on_board(user, permission, board)


def current_board(request: HttpRequest) -> Board:
    """The board `board_view` resolved for this request."""
    return request.board  # type: ignore[attr-defined]


def get_board_agency(request: HttpRequest, agency_id: int, permission: Permission) -> Agency:
    """An agency serving the request's board, if the user holds `permission` for it."""
    board = current_board(request)
    agency = get_object_or_404(Agency.objects.filter(memberships__board=board), pk=agency_id)
    if not has_permission(request.user, permission, board=board, agency=agency):
        raise PermissionDenied
    return agency
