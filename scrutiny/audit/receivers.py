from typing import Any

from auditlog.signals import post_log
from django.db.models.signals import post_save
from django.dispatch import receiver

from scrutiny.tenancy.models import Board, Region

from .models import AuditEntry


def _attach(log_entry: AuditEntry, instance: Any) -> None:
    scope = getattr(instance, "audit_scope", None)
    if scope is None:
        return
    region_id, board_ids = scope()
    # After a delete the region or board may be gone itself; link only what still exists.
    if region_id and Region.objects.filter(pk=region_id).exists():
        log_entry.region_id = region_id
        log_entry.save(update_fields=["region"])
    existing = list(Board.objects.filter(pk__in=board_ids).values_list("pk", flat=True))
    if existing:
        log_entry.boards.add(*existing)


@receiver(post_log)
def attach_scope(sender: type, instance: Any, log_entry: Any = None, **kwargs: Any) -> None:
    """Record which region and boards a change concerns, so it can be shown to them."""
    if log_entry is not None:
        _attach(log_entry, instance)


def _is_many_to_many_change(changes: object) -> bool:
    return isinstance(changes, dict) and any(
        isinstance(value, dict) and value.get("type") == "m2m" for value in changes.values()
    )


@receiver(post_save, sender=AuditEntry)
def attach_scope_to_many_to_many_change(
    sender: type, instance: AuditEntry, created: bool, **kwargs: Any
) -> None:
    """django-auditlog sends no post_log for a many-to-many change: scope it here.

    The changed record still exists (it is its links that changed), so it can be loaded.
    """
    if not created or instance.object_id is None or not _is_many_to_many_change(instance.changes):
        return
    model = instance.content_type.model_class()
    if model is None:
        return
    changed = model._default_manager.filter(pk=instance.object_id).first()
    if changed is not None:
        _attach(instance, changed)
