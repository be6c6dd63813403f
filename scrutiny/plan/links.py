"""Records of other apps that a priority's page (the golden thread) lists but the plan
cannot read itself without importing them: what the person asking may see is each app's
own rule. Each app registers, from its AppConfig, a function that lists its records serving
a priority for one request (`audits/apps.py`); the page shows them under the name given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
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


# Findings on a priority's page come from records linked to it. Records the plan cannot see
# through a relation to Priority (an indicator's values, followed by a measure) are named by
# their app: a function giving the `Finding` filter for one priority's records.
FindingSources = Callable[["Priority"], Q]
_FINDING_SOURCES: list[FindingSources] = []

# Sources some people on the board may not open (an audit, to an agency lead off its team):
# the app's own rule for which of its records the person asking may see.
VisibleRecords = Callable[[HttpRequest, Board], "models.QuerySet"]
_PRIVATE_SOURCES: dict[type[models.Model], VisibleRecords] = {}
# Whether the person sees every such record of the board (an audit, to who holds
# AUDITS_VIEW): what they see then follows from their grants alone, not from who they are.
SeesAll = Callable[[Any, Board], bool]
_SEES_ALL: dict[type[models.Model], SeesAll] = {}


def register_finding_sources(finder: FindingSources) -> None:
    _FINDING_SOURCES.append(finder)


def finding_sources(priority: Priority) -> Q:
    linked = Q(pk__in=[])
    for finder in _FINDING_SOURCES:
        linked |= finder(priority)
    return linked


def register_private_source(
    model: type[models.Model], visible: VisibleRecords, sees_all: SeesAll | None = None
) -> None:
    _PRIVATE_SOURCES[model] = visible
    if sees_all is not None:
        _SEES_ALL[model] = sees_all


def private_sources() -> dict[type[models.Model], VisibleRecords]:
    return dict(_PRIVATE_SOURCES)


def sees_every_private_source(user: Any, board: Board) -> bool:
    """Whether the person sees every record of every private source on the board, so what
    they may read of them is the same for anyone with their grants (kept pages need not be
    kept for them alone). A source registered without `sees_all`: never."""
    return all(model in _SEES_ALL and _SEES_ALL[model](user, board) for model in _PRIVATE_SOURCES)
