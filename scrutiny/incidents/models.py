"""Serious child safeguarding incidents: the local authority's notification to the national
Child Safeguarding Practice Review Panel (and Ofsted where it applies), the rapid review with
each agency's contribution, and the local child safeguarding practice review, each with its
statutory clock (`clocks.py`). No child's name is stored: a pseudonymous case reference only,
and every free text goes through the identifying-text guard of the forms."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Agency, Board

from .clocks import rule

User = settings.AUTH_USER_MODEL


class SeriousIncident(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="serious_incidents")
    reference = models.CharField(
        max_length=40,
        help_text="The pseudonymous case reference, for example SI 2026/03 or Child M; "
        "never a real name",
    )
    summary = models.TextField(
        blank=True, help_text="What happened, in a sentence or two, without identifying details"
    )
    learned_on = models.DateField(
        help_text="The day the local authority became aware of the incident"
    )
    ofsted_applies = models.BooleanField(
        default=False,
        help_text="The guidance requires Ofsted to be notified too (for example, the child "
        "was looked after)",
    )
    panel_notified_on = models.DateField(null=True, blank=True)
    panel_notified_by = models.CharField(max_length=120, blank=True)
    ofsted_notified_on = models.DateField(null=True, blank=True)
    ofsted_notified_by = models.CharField(max_length=120, blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="Every step is done: nothing more is expected"
    )

    class Meta:
        ordering = ["-learned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "reference"], name="serious_incident_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_board_url(self, board: Board) -> str:
        return reverse("incidents:detail", args=[board.slug, self.pk])

    @property
    def panel_deadline(self) -> datetime.date:
        return rule("panel_notification").deadline(self.learned_on)

    @property
    def ofsted_deadline(self) -> datetime.date:
        return rule("ofsted_notification").deadline(self.learned_on)

    @property
    def panel_on_time(self) -> bool | None:
        if self.panel_notified_on is None:
            return None
        return self.panel_notified_on <= self.panel_deadline

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Decision(models.TextChoices):
    UNDECIDED = "", "Not yet decided"
    LCSPR = "lcspr", "A local child safeguarding practice review is needed"
    NO_LCSPR = "no_lcspr", "No local review: the learning is taken forward another way"
    NATIONAL = "national", "The case may need a national review: for the Panel to decide"


class RapidReview(Revisioned):
    incident = models.OneToOneField(
        SeriousIncident, on_delete=models.CASCADE, related_name="rapid_review"
    )
    meeting_on = models.DateField(null=True, blank=True)
    response = models.OneToOneField(
        Response,
        on_delete=models.PROTECT,
        related_name="rapid_review",
        help_text="The answers to the Panel's rapid-review template (library)",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)
    panel_response = models.TextField(
        blank=True, help_text="What the Panel said about the rapid review and the decision"
    )

    def __str__(self) -> str:
        return f"Rapid review of {self.incident.reference}"

    def get_board_url(self, board: Board) -> str:
        return reverse("incidents:rapid_review", args=[board.slug, self.incident_id])

    @property
    def deadline(self) -> datetime.date | None:
        notified = self.incident.panel_notified_on
        return rule("rapid_review").deadline(notified) if notified else None

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.incident.audit_scope()


class ContributionRequest(Revisioned):
    """One agency asked for its information for the rapid review, by a date."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    contribution = models.TextField(
        blank=True,
        help_text="The agency's involvement and early learning, without identifying details",
    )

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rapid_review", "agency"], name="one_contribution_request_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} for {self.rapid_review}"

    @property
    def status(self) -> str:
        return "Received" if self.received_on else "Outstanding"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.rapid_review.audit_scope()


class LocalReview(Revisioned):
    """A local child safeguarding practice review. Its recommendations, actions and monitoring
    live in the reviews register: `review` is its record there, made when it is saved."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="local_reviews")
    incident = models.ForeignKey(
        SeriousIncident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_reviews",
    )
    review = models.OneToOneField(
        "reviews.Review",
        on_delete=models.PROTECT,
        related_name="local_review",
        help_text="The record in the reviews register that carries its recommendations",
    )
    decided_on = models.DateField(
        help_text="The day the safeguarding partners decided to start the review"
    )
    commissioned_on = models.DateField(null=True, blank=True)
    reviewer = models.CharField(max_length=120, blank=True)
    terms_of_reference = models.TextField(blank=True)
    timetable = models.TextField(blank=True, help_text="The milestones agreed with the reviewer")
    draft_on = models.DateField(null=True, blank=True, help_text="Draft report received")
    final_on = models.DateField(null=True, blank=True, help_text="Final report received")
    publication_planned_on = models.DateField(null=True, blank=True)
    panel_told_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the full report went to the Panel and the Secretary of State",
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Local review {self.review.reference}"

    def get_board_url(self, board: Board) -> str:
        return reverse("incidents:local_review", args=[board.slug, self.pk])

    @property
    def final_deadline(self) -> datetime.date:
        return rule("lcspr_final_report").deadline(self.decided_on)

    @property
    def notice_deadline(self) -> datetime.date | None:
        planned = self.publication_planned_on
        return rule("lcspr_publication_notice").deadline(planned) if planned else None

    @property
    def notice_in_time(self) -> bool | None:
        """Whether the Panel and the Secretary of State had the report by the deadline."""
        if self.panel_told_on is None or self.publication_planned_on is None:
            return None
        return self.panel_told_on <= rule("lcspr_publication_notice").deadline(
            self.published_on or self.publication_planned_on
        )

    @property
    def final_on_time(self) -> bool | None:
        return None if self.final_on is None else self.final_on <= self.final_deadline

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", "Deadline near"
    PASSED = "passed", "Deadline passed"


class ClockReminder(models.Model):
    """An emailed reminder, recorded so that the same reminder is never sent twice."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clock_reminders")
    clock_key = models.CharField(max_length=80)
    deadline = models.DateField()
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(help_text="Email addresses, one a line")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "clock_key", "deadline", "stage"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.clock_key} ({self.deadline})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
