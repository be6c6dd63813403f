"""How current a cached figure is: the newest audit log entry that could have changed it."""

from __future__ import annotations

from django.db.models import Q

from .models import AuditEntry


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
