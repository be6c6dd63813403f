"""Learning from reviews: the register of case reviews and child death overview panel reports,
their recommendations (tagged with the board's themes, recorded as findings, turned into
actions in the one tracker), the quarterly monitoring cycle, how learning was disseminated,
and anonymous child-death counts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class ReviewKind(models.TextChoices):
    PRACTICE_REVIEW = "cspr", "Serious case review / child safeguarding practice review"
    LESSONS_LEARNED = "lessons", "Lessons-learned review"
    NEAR_MISS = "near_miss", "Near-miss review"
    APPRECIATIVE = "appreciative", "Appreciative inquiry"
    CDOP = "cdop", "Child death overview panel report"
    NATIONAL = "national", "National review by the Child Safeguarding Practice Review Panel"


class ReviewStatus(models.TextChoices):
    COMMISSIONED = "commissioned", "Commissioned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed: all actions signed off"


class Review(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    reference = models.CharField(
        max_length=40,
        help_text="The review's pseudonym or number, for example CSPR 2026/02 or Child K; "
        "never a real name",
    )
    title = models.CharField(max_length=200, help_text="A short description, no names")
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.COMMISSIONED
    )
    commissioned_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)
    lead_reviewer = models.CharField(max_length=120, blank=True)
    summary = models.TextField(
        blank=True, help_text="The key learning, without identifying details"
    )
    agencies = models.ManyToManyField(Agency, blank=True, related_name="reviews")

    class Meta:
        ordering = ["-commissioned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "reference"], name="review_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_board_url(self, board: Board) -> str:
        return reverse("reviews:detail", args=[board.slug, self.pk])

    @property
    def year(self) -> int:
        """The year the learning belongs to: completion, else commissioning."""
        return (self.completed_on or self.commissioned_on).year

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Recommendation(Revisioned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    themes = models.ManyToManyField("findings.Theme", related_name="recommendations")
    agencies = models.ManyToManyField(
        Agency, related_name="review_recommendations", help_text="The agencies responsible"
    )

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} recommendation {self.number}"

    def get_board_url(self, board: Board) -> str:
        return reverse("reviews:recommendation", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.review.audit_scope()


class DisseminationMethod(models.TextChoices):
    BRIEFING = "briefing", "Briefing (for example a 7-minute briefing)"
    TRAINING = "training", "Training"
    EVENT = "event", "Learning event or conference"
    NEWSLETTER = "newsletter", "Newsletter or website"
    MEETING = "meeting", "Team or agency meeting"


class Dissemination(models.Model):
    """How the learning from a review was shared, and with whom."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disseminations")
    method = models.CharField(max_length=20, choices=DisseminationMethod.choices)
    held_on = models.DateField()
    audience = models.CharField(max_length=200, help_text="Who it reached, for example GPs")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    reach = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of people reached, where known"
    )
    course = models.ForeignKey(
        "training.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_disseminations",
        help_text="The multi-agency training course that passes this learning on",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.review.reference}, {self.held_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.review.audit_scope()


# Agencies are asked to update their outstanding actions this long before the meeting.
MONITORING_NOTICE_DAYS = 30


class MonitoringCycle(models.Model):
    """A quarterly meeting that monitors the actions from reviews."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="monitoring_cycles")
    meeting_on = models.DateField()
    title = models.CharField(max_length=120, default="Learning and improvement sub-group")

    class Meta:
        ordering = ["-meeting_on"]
        constraints = [
            models.UniqueConstraint(fields=["board", "meeting_on"], name="one_cycle_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.meeting_on:%d %B %Y}"

    @property
    def requests_due_on(self) -> datetime.date:
        return self.meeting_on - datetime.timedelta(days=MONITORING_NOTICE_DAYS)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class MonitoringRequest(models.Model):
    """The emailed request to one agency to update its outstanding review actions."""

    cycle = models.ForeignKey(MonitoringCycle, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(help_text="Email addresses, one a line")
    action_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="one_request_per_agency")
        ]

    def __str__(self) -> str:
        return f"Update request to {self.agency} for {self.cycle}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.cycle.audit_scope()


class DeathCategory(models.TextChoices):
    # The categories of the national child death review analysis form.
    DELIBERATE = "deliberate", "Deliberately inflicted injury, abuse or neglect"
    SUICIDE = "suicide", "Suicide or deliberate self-inflicted harm"
    TRAUMA = "trauma", "Trauma and other external factors"
    MALNUTRITION = "malnutrition", "Malnutrition"
    MALIGNANCY = "malignancy", "Malignancy"
    ACUTE = "acute", "Acute medical or surgical condition"
    CHRONIC = "chronic", "Chronic medical condition"
    CHROMOSOMAL = "chromosomal", "Chromosomal, genetic and congenital anomalies"
    PERINATAL = "perinatal", "Perinatal or neonatal event"
    INFECTION = "infection", "Infection"
    SUDDEN = "sudden", "Sudden unexpected, unexplained death"


class AgeBand(models.TextChoices):
    UNDER_28_DAYS = "0-27d", "0 to 27 days"
    UNDER_1 = "28d-1y", "28 days to 1 year"
    ONE_TO_FOUR = "1-4", "1 to 4 years"
    FIVE_TO_NINE = "5-9", "5 to 9 years"
    TEN_TO_FOURTEEN = "10-14", "10 to 14 years"
    FIFTEEN_TO_SEVENTEEN = "15-17", "15 to 17 years"


class ChildDeath(models.Model):
    """One death reviewed by the panel, with no identifying details: no name, date of birth,
    date of death or address; only the year of the panel's review, a category, an age band
    and whether modifiable factors were found."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="child_deaths")
    reviewed_in = models.PositiveSmallIntegerField(
        help_text="The year (April to March, named by its first year) in which the panel "
        "completed its review"
    )
    category = models.CharField(max_length=20, choices=DeathCategory.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    expected = models.BooleanField(help_text="Whether the death was expected")
    modifiable_factors = models.BooleanField(
        help_text="The panel found factors which, if changed, might prevent future deaths"
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_deaths",
        help_text="The panel report whose learning covers this death, if any",
    )

    class Meta:
        ordering = ["-reviewed_in", "category"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}, reviewed {self.reviewed_in}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
