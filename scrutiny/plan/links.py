"""Records of other apps that a priority's page (the golden thread) lists but the plan
cannot read itself without importing them: what the person asking may see is each app's
own rule. Each app registers, from its AppConfig, a function that lists its records serving
a priority for one request (`audits/apps.py`); the page shows them under the name given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.http import HttpRequest

from scrutiny.tenancy.models import Board

if TYPE_CHECKING:
    from .models import Priority

PriorityLinks = Callable[[HttpRequest, Board, "Priority"], Iterable[models.Model]]
_LINKS: dict[str, PriorityLinks] = {}


def register_priority_links(name: str, finder: PriorityLinks) -> None:
    """Add (or replace) the records listed under `name` on a priority's page."""
    _LINKS[name] = finder


def priority_links(request: HttpRequest, board: Board, priority: Priority) -> dict[str, list]:
    """Every registered name with the records it lists for this person, in one dict."""
    return {name: list(finder(request, board, priority)) for name, finder in _LINKS.items()}
