"""Independent scrutiny: the board's scrutiny plan for a year, what the partnership shares with
its independent scrutineer, the challenges the scrutineer raises and its statement for the
yearly report.

The scrutineer holds the `scrutineer` role on the board and nothing else: it reads only the
records ticked as shared with the plan, between the plan's dates (`access.windows`, the same
rule as peer reviews). Its findings are ordinary Findings (source: the plan) and its
challenges ordinary entries in the challenge log; the plan keeps a link to each challenge.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from scrutiny.access.windows import window_open
from scrutiny.challenges.models import Challenge
from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Method(models.TextChoices):
    CASE_FILE_AUDIT = "case_file_audit", "Case-file audit"
    PRACTITIONER_SESSIONS = "practitioner_sessions", "Practitioner sessions"
    DATA = "data", "Data"
    MEETING_OBSERVATION = "meeting_observation", "Meeting observation"
    CHILDREN_AND_FAMILIES = "children_and_families", "Listening to children and families"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class ScrutinyPlan(Revisioned):
    """What the independent scrutineer will look at in one year (the yearly report's year,
    named by the year it starts: 2026 is 2026 to 2027)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="scrutiny_plans")
    year = models.PositiveSmallIntegerField(help_text="The year the report year starts")
    scrutineer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="scrutiny_plans"
    )
    scope = models.TextField(help_text="What the scrutineer will look at this year, and why")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    starts_on = models.DateField(help_text="The scrutineer can read what is shared from this day")
    ends_on = models.DateField(help_text="The scrutineer loses access after this day")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="one_scrutiny_plan_a_year")
        ]

    def __str__(self) -> str:
        return f"Independent scrutiny plan {self.year_label} ({self.board.short_name})"

    @property
    def year_label(self) -> str:
        return f"{self.year} to {self.year + 1}"

    def get_absolute_url(self) -> str:
        return reverse("scrutineer:plan_detail", args=[self.board.slug, self.pk])

    def get_scrutineer_url(self) -> str:
        return reverse("scrutineer:review", args=[self.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]

    def is_open_on(self, day: datetime.date) -> bool:
        return window_open(self, day)


class PlannedActivity(Revisioned):
    """One piece of the plan: what, how and when."""

    plan = models.ForeignKey(ScrutinyPlan, on_delete=models.CASCADE, related_name="activities")
    subject = models.CharField(max_length=200, help_text="What the scrutineer will look at")
    method = models.CharField(max_length=30, choices=Method.choices)
    planned_for = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["planned_for", "pk"]
        verbose_name_plural = "planned activities"

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_method_display()})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.plan.audit_scope()


class SharedRecord(models.Model):
    """A board record the partnership shares with the scrutineer. Its label and summary are
    copied when it is shared, so the scrutineer reads them without reaching the record."""

    plan = models.ForeignKey(ScrutinyPlan, on_delete=models.CASCADE, related_name="shared")
    kind = models.CharField(max_length=40, help_text="The evidence kind that offered it")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    shared_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "target_type", "target_id"], name="record_shared_once"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target_type_id}:{self.target_id}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.plan.audit_scope()


class ScrutinyChallenge(models.Model):
    """A challenge in the board's challenge log that the scrutineer raised under this plan."""

    plan = models.ForeignKey(ScrutinyPlan, on_delete=models.CASCADE, related_name="challenges")
    challenge = models.OneToOneField(
        Challenge, on_delete=models.CASCADE, related_name="scrutiny_plan_link"
    )

    def __str__(self) -> str:
        return f"{self.challenge} ({self.plan})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.plan.audit_scope()


class Statement(Revisioned):
    """The scrutineer's statement for the yearly report: draft until the scrutineer makes it
    final. The report's "independent scrutiny's view" reads it (`services.scrutineer_statement`)."""

    plan = models.OneToOneField(ScrutinyPlan, on_delete=models.CASCADE, related_name="statement")
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Statement of {self.plan} ({self.get_status_display().lower()})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.plan.audit_scope()
