"""The business plan: priorities, SMART objectives, measures, milestones and the risk register.

Actions under objectives live in the single action tracker (source: business plan).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import OBAQuestion
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL
# A board should keep its priorities few; above this many the plan page warns.
PRIORITY_WARNING_ABOVE = 6


class Priority(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sub_group = models.CharField(max_length=120, blank=True, help_text="The sub-group that owns it")
    start_date = models.DateField()
    end_date = models.DateField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan:priority", args=[self.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Objective(Revisioned):
    """A SMART objective: specific, measurable, achievable, relevant, time-bound."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300, help_text="Specific: what will be achieved")
    measure_of_success = models.TextField(help_text="Measurable: how we will know it is achieved")
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(help_text="Time-bound: by when")

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_board_url(self, board: Board) -> str:
        return (
            reverse("plan:priority", args=[board.slug, self.priority_id]) + f"#objective-{self.pk}"
        )

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.priority.audit_scope()


class Measure(Revisioned):
    """How progress on a priority is measured, by outcomes-based accountability category."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    category = models.CharField(max_length=20, choices=OBAQuestion.choices)
    description = models.CharField(max_length=300)
    indicator_code = models.CharField(
        max_length=60, blank=True, help_text="The data-set indicator it follows, if any"
    )
    baseline = models.CharField(max_length=60, blank=True)
    target = models.CharField(max_length=60, blank=True)
    latest = models.CharField(max_length=60, blank=True, verbose_name="latest value")

    class Meta:
        ordering = ["category", "pk"]

    def __str__(self) -> str:
        return self.description

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.priority.audit_scope()


class Milestone(Revisioned):
    """Where an objective should be 3, 6 and 12 months in: its trajectory."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    months = models.PositiveSmallIntegerField(
        choices=[(3, "3 months"), (6, "6 months"), (12, "12 months")]
    )
    description = models.CharField(max_length=300)
    achieved_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "months"], name="one_milestone_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.months} months: {self.description}"

    def due_date(self) -> datetime.date:
        start = self.objective.priority.start_date
        month = start.month - 1 + self.months
        year = start.year + month // 12
        day = min(start.day, 28)
        return datetime.date(year, month % 12 + 1, day)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.objective.audit_scope()


class RiskTrend(models.TextChoices):
    IMPROVING = "improving", "Improving"
    STABLE = "stable", "Stable"
    WORSENING = "worsening", "Worsening"


def _one_to_five() -> list:
    return [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="risks")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    title = models.CharField(max_length=200)
    cause = models.TextField()
    likelihood = models.PositiveSmallIntegerField(
        validators=_one_to_five(), help_text="1 (rare) to 5 (almost certain)"
    )
    impact = models.PositiveSmallIntegerField(
        validators=_one_to_five(), help_text="1 (negligible) to 5 (severe)"
    )
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    controls = models.TextField(blank=True, help_text="What is in place to reduce the risk")
    review_date = models.DateField()
    trend = models.CharField(max_length=20, choices=RiskTrend.choices, default=RiskTrend.STABLE)
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["closed", "-likelihood", "-impact", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="likelihood_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> tuple[str, str]:
        """(word, tag colour) for the score on the usual 5 × 5 matrix."""
        if self.score >= 15:
            return "High", "red"
        if self.score >= 8:
            return "Medium", "yellow"
        return "Low", "green"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
