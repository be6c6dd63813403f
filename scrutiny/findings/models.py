"""Findings: what any source of evidence taught the board. Each can raise actions.

Audits record findings now; reviews, returns and peer reviews will record theirs here too,
so the self-assessment and annual report can gather them from one place.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Board


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"


class Theme(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    EXPLOITATION = "exploitation", "Child sexual and criminal exploitation"
    THRESHOLDS = "thresholds", "Thresholds and the front door"
    VOICE_OF_THE_CHILD = "voice", "Voice of the child"
    INFORMATION_SHARING = "information_sharing", "Information sharing"
    MANAGEMENT_OVERSIGHT = "oversight", "Management oversight"
    ASSESSMENT = "assessment", "Assessment and planning"
    OTHER = "other", "Other"


# What each kind of source is called where a finding says where it came from, by model label.
# A source model may instead define `finding_source_label` (a class attribute).
SOURCE_KIND_LABELS = {
    "audits.audit": "Case-file audit",
    "peerreview.peerreview": "Peer review",
    "reviews.recommendation": "Learning review",
    "reviews.review": "Learning review",
    "returns.agencyreturn": "Agency return",
    "challenges.challenge": "Challenge",
}


class Finding(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    text = models.TextField()
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def theme_label(self) -> str:
        return self.get_theme_display() if self.theme else ""

    @property
    def is_improvement(self) -> bool:
        return self.kind == FindingKind.AREA_FOR_IMPROVEMENT

    @property
    def source_kind_label(self) -> str:
        model = self.source_type.model_class()
        label = getattr(model, "finding_source_label", None)
        if label:
            return str(label)
        key = f"{self.source_type.app_label}.{self.source_type.model}"
        return SOURCE_KIND_LABELS.get(key, str(self.source_type.name).capitalize())

    @property
    def source_url(self) -> str:
        """The link back to the source record's page on this finding's board ("" if none)."""
        source = self.source
        if source is None:
            return ""
        if hasattr(source, "get_board_url"):
            return str(source.get_board_url(self.board))
        if hasattr(source, "get_absolute_url"):
            return str(source.get_absolute_url())
        return ""

    def get_board_url(self, board: Board) -> str:
        return self.source_url

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
