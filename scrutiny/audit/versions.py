"""How current a cached figure is: the newest audit log entry that could have changed it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Q

from .models import AuditEntry

T = TypeVar("T")


def region_data_version(region_id: int) -> tuple[int, str]:
    """The latest change that could alter a region's figures: the newest audit log entry for
    the region or for no region (the library, people). Every change to a record is in the
    audit log, bulk writes included, so while this stays the same the figures do too. One
    query that reads the log's newest entries only."""
    latest = (
        AuditEntry.objects.filter(Q(region_id=region_id) | Q(region__isnull=True))
        .order_by("-pk")
        .values_list("pk", "timestamp")
        .first()
    )
    return (latest[0], latest[1].isoformat()) if latest else (0, "")


def versioned_key(key: str, version: tuple[int, str]) -> str:
    """`key` at this data version: where `kept_until_change` keeps what it works out."""
    number, stamp = version
    return f"{key}:{number}@{stamp}"


def kept_until_change(key: str, version: tuple[int, str], work: Callable[[], T], seconds: int) -> T:
    """`work()`'s result, kept in the cache under `key` until the data changes (`version`,
    from `region_data_version`) or for `seconds` at most. The bound covers what a version
    cannot see: two writers whose audit entries commit out of the order of their numbers.
    `work()` must not return None."""
    versioned = versioned_key(key, version)
    found = cache.get(versioned)
    if found is None:
        found = work()
        cache.set(versioned, found, seconds)
    return found
