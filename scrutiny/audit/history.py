"""The audit log's answer to the edit guard: who saved a record since the revision an editor
loaded, and what they changed (`core.concurrency.EditConflict.other_saves`)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from scrutiny.core.concurrency import HIDDEN_FIELD, FieldChange, OtherSave

from .display import describe_changes
from .models import AuditEntry


def saves_since(record: models.Model, revision: int) -> list[OtherSave]:
    """The audit log's saves of `record` that moved it past `revision`, oldest first."""
    entries = [
        entry
        for entry in AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_pk=str(record.pk)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:20]
        if _moved_past(entry.changes, revision)
    ]
    described = describe_changes(entries)
    return [
        OtherSave(
            by=entry.actor_label,
            at=entry.timestamp,
            changes=[FieldChange(r.label, r.old, r.new) for r in described[entry.pk]],
        )
        for entry in reversed(entries)
    ]


def _moved_past(changes: object, revision: int) -> bool:
    step = changes.get(HIDDEN_FIELD) if isinstance(changes, dict) else None
    try:
        return int(step[1]) > revision  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return False
