"""Dated access to what one party shares with another, read-only: the one rule for peer
reviews (peers from another board) and the independent scrutineer (a role on the board).

A window is open from its first day to its last, inclusive, until it is closed early. While
it is open the reader sees only the records ticked as shared; anything else answers 404, so
the reader is not told what exists. Outside the window every page answers 403.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone


class AccessWindow(Protocol):
    starts_on: datetime.date
    ends_on: datetime.date
    closed_at: datetime.datetime | None


class Shared(Protocol):
    pk: int


T = TypeVar("T", bound=Shared)


def window_open(window: AccessWindow, day: datetime.date | None = None) -> bool:
    """Open on `day` (today): not closed, and between its first and last day inclusive."""
    day = day or timezone.localdate()
    return window.closed_at is None and window.starts_on <= day <= window.ends_on


def require_open(window: AccessWindow, message: str = "This access has ended") -> None:
    if not window_open(window):
        raise PermissionDenied(message)


def shared_or_404(shared: Iterable[T], pk: int, message: str = "This was not shared") -> T:
    """The shared record with this id; 404 for anything not shared (or not existing)."""
    found = next((item for item in shared if item.pk == pk), None)
    if found is None:
        raise Http404(message)
    return found
