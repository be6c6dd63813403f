"""Raw values of the common data set (numerator and denominator) and the board's targets.

Indicators are computed when asked (MEASURES.md): numerator ÷ denominator × factor.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import IndicatorDefinition
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Agency, Board, Region

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

    # A finding from the data set is recorded on the value of the period that made the
    # indicator red for the second time running.
    finding_source_label = "Data set"

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

    def get_board_url(self, board: Board) -> str:
        return reverse("dataset:indicator", args=[board.slug, self.indicator.code])

    def finding_priorities(self) -> models.QuerySet[Priority]:
        """The board's priorities with a measure that follows this indicator."""
        return Priority.objects.filter(
            board_id=self.board_id, measures__indicator_code=self.indicator.code
        ).distinct()

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


def indicator_value(numerator: Decimal, denominator: Decimal | None, factor: int) -> Decimal | None:
    """numerator ÷ denominator × factor; a count is its numerator; no value when dividing by 0."""
    if factor == 1 and denominator is None:
        return numerator
    if not denominator:
        return None
    return numerator / denominator * factor


class Target(Revisioned):
    """A board's target for an indicator in a period, with the tolerance that makes amber.

    Revisioned: the year's targets page carries each cell's loaded revision, and a target
    someone else changed since is reported, not overwritten (`dataset.targets`)."""

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


class GeographicLevel(models.TextChoices):
    """The two levels of a DfE statistics file a board compares itself with."""

    NATIONAL = "National", "England"
    LOCAL_AUTHORITY = "Local authority", "Local authority"


ENGLAND_CODE = "E92000001"


class NationalFigure(models.Model):
    """A published DfE figure (England or one local authority) for an indicator and year,
    loaded by a region from the DfE's CSV layout. A suppressed value ("c", "x", "z", "low")
    keeps its code and no value."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="national_figures")
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="national_figures"
    )
    period_label = models.CharField(max_length=20, help_text="The financial year, e.g. 2023-24")
    geographic_level = models.CharField(max_length=20, choices=GeographicLevel.choices)
    area_code = models.CharField(max_length=9, help_text="new_la_code, or E92000001 for England")
    area_name = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    suppressed = models.CharField(
        max_length=10, blank=True, help_text="The DfE's symbol when the value is not published"
    )
    source_file = models.CharField(max_length=255)
    value_column = models.CharField(max_length=80)
    loaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_label", "geographic_level", "area_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "period_label", "area_code"],
                name="one_national_figure_per_area",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label} {self.area_name}: {self.value}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.region_id, []


class StatisticalNeighbour(models.Model):
    """One of a board's statistical neighbours: a local authority it compares itself with."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="neighbours")
    la_code = models.CharField("local authority code", max_length=9)
    position = models.PositiveSmallIntegerField(default=0)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["board", "position"]
        constraints = [
            models.UniqueConstraint(fields=["board", "la_code"], name="neighbour_once_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.la_code}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
