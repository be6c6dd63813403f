"""The single action tracker. Every source of evidence raises its actions here."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from scrutiny.tenancy.models import Agency, Board, Region


class ActionSource(models.TextChoices):
    AGENCY_RETURN = "agency_return", "Agency return (Section 11, school audit, reports)"
    BUSINESS_PLAN = "business_plan", "Business plan"
    AUDIT = "audit", "Case-file audit"
    REVIEW = "review", "Case review"
    CHALLENGE = "challenge", "Challenge"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today)


class Action(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    # An action from a return shared by several boards is one action seen by all of them.
    boards = models.ManyToManyField(Board, related_name="actions")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    source_label = models.CharField(
        max_length=300, blank=True, help_text="Where the action came from"
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    # Identifies the action within its source (e.g. a question code), so raising again updates it.
    source_key = models.CharField(max_length=120, blank=True)
    evidence_of_completion = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "source_key"],
                condition=models.Q(source_type__isnull=False),
                name="action_once_per_source_key",
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_STATUSES and self.due_date < today

    def get_board_url(self, board: Board) -> str:
        return reverse("actions:detail", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, list(self.boards.values_list("pk", flat=True)) if self.pk else []


class ActionUpdate(models.Model):
    """A dated progress note, perhaps changing the action's status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.action.audit_scope()
