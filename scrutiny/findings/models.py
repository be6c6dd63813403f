"""Findings: what any source of evidence taught the board. Each can raise actions.

Every source (returns, case-file audits, peer reviews, learning reviews, training, voice, the
data set) records its findings here through `services.record_finding`, so the thematic view,
the golden thread, the self-assessment and the annual report gather them from one place.
Themes are the board's own list (seeded from the library, edited on the Themes page).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Board


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"


class ThemeQuerySet(models.QuerySet["Theme"]):
    def offered(self) -> ThemeQuerySet:
        """The themes offered when tagging something new: not retired."""
        return self.filter(retired=False)


class Theme(Revisioned):
    """One theme on a board's list. Retired themes keep what is tagged with them but are no
    longer offered; they are never deleted."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(
        max_length=40, help_text="Stable code, as in the library list (for example neglect)"
    )
    name = models.CharField(max_length=80)
    retired = models.BooleanField(default=False, help_text="No longer offered for new tags")
    order = models.PositiveSmallIntegerField(default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "code"], name="theme_code_unique"),
            models.UniqueConstraint(fields=["board", "name"], name="theme_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


# What each kind of source is called where a finding says where it came from, by model label.
# A source model may instead define `finding_source_label` (a class attribute).
SOURCE_KIND_LABELS = {
    "audits.audit": "Case-file audit",
    "peerreview.peerreview": "Peer review",
    "reviews.recommendation": "Learning review",
    "reviews.review": "Learning review",
    "returns.agencyreturn": "Agency return",
    "returns.returnchallenge": "Challenge of a return",
    "returns.inspection": "External inspection",
    "challenges.challenge": "Challenge",
    "training.course": "Training",
    "voice.engagement": "Voice",
    "dataset.indicator": "Data set",
}


class Finding(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    # The source's own heading the finding sits under, where it has one (a peer review's
    # heading code); empty otherwise.
    heading = models.CharField(max_length=40, blank=True)
    text = models.TextField()
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # When the source found it (a review's completion, an inspection's date); the thematic
    # view counts findings by this year.
    found_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def theme_label(self) -> str:
        return self.theme.name if self.theme else ""

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
        """The source's page, at this finding."""
        url = self.source_url
        return f"{url}#finding-{self.pk}" if url else ""

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
