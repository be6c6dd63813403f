"""Audit entries for rows written in bulk (bulk_create / bulk_update send no save signals,
so django-auditlog does not see them). Each entry carries the same fields, actor and scope
(`audit_scope()`: region and boards) as one auditlog writes for a single save."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def log_bulk(
    action: int, changes: Sequence[tuple[models.Model | None, models.Model]], actor: Any
) -> int:
    """Log each (old, new) pair (old is None for a created row) in two queries' worth of
    inserts; pairs with no change are skipped. Returns how many entries were written."""
    if not changes:
        return 0
    content_type = ContentType.objects.get_for_model(changes[0][1])
    cid = get_cid()
    entries, scopes = [], []
    for old, new in changes:
        diff = model_instance_diff(
            old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )
        if not diff:
            continue
        region_id, board_ids = new.audit_scope()  # type: ignore[attr-defined]
        entries.append(
            AuditEntry(
                content_type=content_type,
                object_pk=str(new.pk),
                object_id=new.pk,
                object_repr=str(new),
                action=action,
                changes=diff,
                actor=actor,
                actor_email=getattr(actor, "email", None),
                cid=cid,
                region_id=region_id,
            )
        )
        scopes.append(board_ids)
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    through = AuditEntry.boards.through
    through.objects.bulk_create(
        [
            through(auditentry_id=entry.pk, board_id=board_id)
            for entry, board_ids in zip(entries, scopes, strict=True)
            for board_id in board_ids
        ],
        batch_size=1000,
    )
    return len(entries)
