"""The challenge log: the board (or one agency) holding an agency to account, with escalation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class EscalationLevel(models.IntegerChoices):
    NONE = 0, "Not escalated"
    BUSINESS_MANAGER = 1, "Business manager to the agency's safeguarding lead"
    CHAIR = 2, "Independent chair to the agency's senior manager"
    BOARD = 3, "Chair to the agency's chief officer, reported to the board"


# Days an agency has to respond after each escalation.
ESCALATION_RESPONSE_DAYS = 14


class Challenge(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="challenges")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges"
    )
    raised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    from_agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges_raised",
        help_text="When one agency challenges another; leave empty for the board or chair",
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="challenges_received"
    )
    issue = models.TextField()
    evidence = models.TextField(blank=True)
    raised_on = models.DateField()
    response_due = models.DateField()
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    outcome = models.TextField(blank=True)
    impact = models.TextField(
        blank=True, help_text="The difference the challenge made for children"
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"Challenge to {self.to_agency}: {self.issue[:60]}"

    def get_board_url(self, board: Board) -> str:
        return reverse("challenges:detail", args=[board.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def awaiting_response(self, today: datetime.date) -> bool:
        return self.is_open and self.responded_at is None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.awaiting_response(today) and self.response_due < today

    @property
    def status_label(self) -> str:
        if self.closed_on:
            return "Closed"
        if self.responded_at:
            return "Answered"
        if self.escalation_level:
            return f"Escalated (level {self.escalation_level})"
        return "Awaiting response"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Escalation(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    escalated_on = models.DateField()
    reason = models.TextField()
    notified = models.TextField(help_text="Who was emailed")

    class Meta:
        ordering = ["escalated_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "level"], name="escalate_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} on {self.escalated_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.challenge.audit_scope()
