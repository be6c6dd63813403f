"""The one check for the independent scrutineer's pages (through `scrutineer_view`).

The scrutineer holds the `scrutineer` role on the board (its only permission is
SCRUTINY_CONDUCT, checked by `board_view`). A plan it is not the scrutineer of answers 404;
its own plan outside the plan's dates, or once closed, answers 403 (`access.windows`, the rule
peer reviews follow too); a record not shared with the plan answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from scrutiny.access.permissions import Permission
from scrutiny.access.views import board_view, current_board
from scrutiny.access.windows import require_open

from .models import ScrutinyPlan

View = Callable[..., HttpResponse]


def scrutineer_view(view: View) -> View:
    @board_view(Permission.SCRUTINY_CONDUCT)
    @wraps(view)
    def wrapper(request: HttpRequest, plan_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        board = current_board(request)
        plan = (
            ScrutinyPlan.objects.filter(board=board, pk=plan_id, scrutineer=request.user)
            .select_related("board__region", "scrutineer")
            .first()
        )
        if plan is None:
            raise Http404("No such scrutiny plan")
        require_open(plan, "Your access to this scrutiny plan has ended or not yet begun")
        return view(request, plan, *args, **kwargs)

    return wrapper
