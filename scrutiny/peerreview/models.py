"""Peer review / diagnostic: a host board invites people from another board in the region to
read its self-assessment and the evidence it chooses to share, for a limited time, and to
record strengths, areas for improvement and recommendations under the usual headings.

Peer findings are the board's Findings (scrutiny.findings), sourced from the review and filed
under its peer-review heading, though written by people with no role on the host board. Each
recommendation is recorded as an area for improvement too; when the host accepts one, the
action is raised from that finding in the one tracker.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.selfassessment.models import EvidenceLink, SelfAssessment
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class Heading(models.TextChoices):
    WORKING_TOGETHER = "working_together", "Working Together compliance"
    EFFECTIVENESS = "effectiveness", "Board effectiveness"
    CHALLENGE = "challenge", "Challenge and holding to account"
    CAPACITY = "capacity", "Capacity and resources"
    VISION = "vision", "Vision and leadership"


class PeerReview(Revisioned):
    host_board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="peer_reviews")
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="peer_reviews"
    )
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="Peers lose access after this day")
    closed_at = models.DateTimeField(null=True, blank=True)
    letter_summary = models.TextField(
        blank=True, help_text="The peer team's overall message, opening the letter"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.host_board.short_name})"

    def get_absolute_url(self) -> str:
        return reverse("peerreview:host_detail", args=[self.host_board.slug, self.pk])

    def get_board_url(self, board: Board) -> str:
        return reverse("peerreview:host_detail", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.host_board.region_id, [self.host_board_id]

    def is_open_on(self, day: datetime.date) -> bool:
        return self.closed_at is None and self.starts_on <= day <= self.ends_on


class PeerReviewer(models.Model):
    """A person from another board in the region, invited onto the peer team."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="peer_reviews")
    home_board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="peer_invited_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.home_board.short_name}) on {self.review}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.review.audit_scope()


class SharedEvidence(models.Model):
    """A piece of the self-assessment's evidence the host chose to show the peers."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="shared")
    link = models.ForeignKey(EvidenceLink, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "link"], name="evidence_shared_once")
        ]

    def __str__(self) -> str:
        return f"{self.link} shared with {self.review}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.review.audit_scope()


class Recommendation(models.Model):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="recommendations")
    heading = models.CharField(max_length=30, choices=Heading.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The area for improvement the recommendation records; its action is raised from it.
    finding = models.OneToOneField(
        "findings.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_recommendation",
    )

    class Meta:
        ordering = ["heading", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.review.audit_scope()
