from typing import Any

from auditlog.signals import post_log
from django.dispatch import receiver

from scrutiny.tenancy.models import Board, Region


@receiver(post_log)
def attach_scope(sender: type, instance: Any, log_entry: Any = None, **kwargs: Any) -> None:
    """Record which region and boards a change concerns, so it can be shown to them."""
    scope = getattr(instance, "audit_scope", None)
    if log_entry is None or scope is None:
        return
    region_id, board_ids = scope()
    # After a delete the region or board may be gone itself; link only what still exists.
    if region_id and Region.objects.filter(pk=region_id).exists():
        log_entry.region_id = region_id
        log_entry.save(update_fields=["region"])
    existing = list(Board.objects.filter(pk__in=board_ids).values_list("pk", flat=True))
    if existing:
        log_entry.boards.add(*existing)
