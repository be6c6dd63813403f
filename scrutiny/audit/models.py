"""The audit log: django-auditlog's entry, plus the region and boards it concerns.

Each audited model says which region and boards a change concerns (`audit_scope()`), so a
business manager sees the changes for their board and nobody else's.
"""

from auditlog.models import AbstractLogEntry
from django.db import models

from scrutiny.tenancy.models import Board, Region


class AuditEntry(AbstractLogEntry):
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    boards = models.ManyToManyField(Board, blank=True, related_name="audit_entries")

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"

    @property
    def actor_label(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return self.actor_email or "System"
