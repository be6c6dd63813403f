"""Raw values of the common data set (numerator and denominator) and the board's targets.

Indicators are computed when asked (MEASURES.md): numerator ÷ denominator × factor.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class ValueSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "Imported from a spreadsheet"
    CIN = "cin", "Computed from the CIN census"
    SSDA903 = "ssda903", "Computed from the SSDA903 return"


class IndicatorValue(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="values"
    )
    period_label = models.CharField(max_length=20)
    period_end = models.DateField()
    numerator = models.DecimalField(max_digits=14, decimal_places=2)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=ValueSource.choices)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "indicator", "period_label"], name="one_value_per_period"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period_label"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    @property
    def value(self) -> Decimal | None:
        return indicator_value(self.numerator, self.denominator, self.indicator.factor)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


def indicator_value(numerator: Decimal, denominator: Decimal | None, factor: int) -> Decimal | None:
    """numerator ÷ denominator × factor; a count is its numerator; no value when dividing by 0."""
    if factor == 1 and denominator is None:
        return numerator
    if not denominator:
        return None
    return numerator / denominator * factor


class Target(models.Model):
    """A board's target for an indicator in a period, with the tolerance that makes amber."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="targets"
    )
    period_label = models.CharField(max_length=20)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text="How far short of target is still amber",
    )
    set_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "indicator", "period_label"], name="one_target_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__gte=0), name="tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.target}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class PendingImport(models.Model):
    """Checked rows of an uploaded file, held between the preview and its confirmation.

    Nothing reaches IndicatorValue until the person who uploaded the file confirms. Each row
    keeps the value it would replace as seen at the preview (`before`), so confirming can
    tell whether someone changed it since. Expires after SCRUTINY_PENDING_IMPORT_HOURS.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    source = models.CharField(max_length=20, choices=ValueSource.choices)
    file_names = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, help_text="Of the uploaded file(s), in order")
    rows = models.JSONField(default=list, help_text="Checked rows and the values they replace")
    notes = models.JSONField(
        default=dict, help_text="Statutory returns: periods, not covered, skipped, left out"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True, help_text="Counts once confirmed")

    class Meta:
        indexes = [models.Index(fields=["expires"])]

    def __str__(self) -> str:
        return f"{self.file_names} ({self.get_source_display()})"
