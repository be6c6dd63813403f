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
    POOLED = "pooled", "Pooled from the local authorities' figures"


class LocalAuthority(Revisioned):
    """One of the councils a board (a partnership over several) covers. Each authority's
    figures are kept apart (`IndicatorValue.local_authority`); the board's own figure is
    then their pool (`dataset.partnership`)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="local_authorities")
    code = models.CharField(
        "council code",
        max_length=9,
        help_text="The council's 9-character ONS code (new_la_code in DfE files), e.g. E06000023",
    )
    name = models.CharField(max_length=120)
    census_code = models.CharField(
        "LA number",
        max_length=3,
        blank=True,
        help_text="The 3-digit LA number statutory returns carry (the CIN census's LEA), e.g. 801",
    )

    class Meta:
        ordering = ["board", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "code"], name="local_authority_once_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class WholeBoardValues(models.Manager):
    """The board's own figures (no local authority): what every page, benchmark and report
    reads. One authority's figures are read through `IndicatorValue.with_areas`."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(local_authority__isnull=True)


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
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        help_text="One authority's figure in a partnership; empty for the whole board's",
    )

    objects = WholeBoardValues()
    with_areas = models.Manager()  # noqa: DJ012 - a manager, not a field

    # A finding from the data set is recorded on the value of the period that made the
    # indicator red for the second time running.
    finding_source_label = "Data set"
    finding_link_related = ("indicator",)  # its link names the indicator (`read_sources`)

    class Meta:
        ordering = ["indicator", "period_end"]
        base_manager_name = "with_areas"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "indicator", "period_label"],
                condition=models.Q(local_authority__isnull=True),
                name="one_value_per_period",
            ),
            models.UniqueConstraint(
                fields=["board", "indicator", "period_label", "local_authority"],
                condition=models.Q(local_authority__isnull=False),
                name="one_area_value_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_label"]),
            # A board's values of an indicator in period order: its latest value is the last
            # entry (`board_data.latest_readings`), read without sorting the board's values.
            models.Index(
                fields=["board", "indicator", "period_end", "period_label"],
                condition=models.Q(local_authority__isnull=True),
                name="value_board_indicator_end",
            ),
        ]

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


class Breakdown(models.Model):
    """One group's share of an indicator's value in a period (disproportionality): the
    numerator counted for children of the group, and the denominator where the return
    counts it (percentages); computed by a statutory return import and replaced by the next.
    Never shown below SCRUTINY_DISCLOSURE_THRESHOLD (`dataset.disproportionality`)."""

    class Dimension(models.TextChoices):
        ETHNICITY = "ethnicity", "Ethnicity"
        SEX = "sex", "Sex"
        AGE = "age", "Age band"
        DISABILITY = "disability", "Disability"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="breakdowns")
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="breakdowns"
    )
    period_label = models.CharField(max_length=20)
    period_end = models.DateField()
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    group = models.CharField(max_length=30, help_text="A group code of the dimension")
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(
        null=True, blank=True, help_text="Counted in the return; empty for counts and rates"
    )
    source = models.CharField(max_length=20, choices=ValueSource.choices)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breakdowns",
        help_text="One authority's counts in a partnership; empty for the whole board's",
    )

    class Meta:
        ordering = ["indicator", "period_end", "dimension", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "indicator", "period_label", "dimension", "group"],
                condition=models.Q(local_authority__isnull=True),
                name="one_breakdown_per_group",
            ),
            models.UniqueConstraint(
                fields=[
                    "board",
                    "indicator",
                    "period_label",
                    "dimension",
                    "group",
                    "local_authority",
                ],
                condition=models.Q(local_authority__isnull=False),
                name="one_area_breakdown_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label} {self.dimension}={self.group}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class Population(Revisioned):
    """A board's children aged 0 to 17 by group of one characteristic for a financial year
    (the ONS mid-year estimates, say): the denominators of the rates per 10,000 of a group."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="populations")
    year_label = models.CharField(max_length=7, help_text="The financial year, e.g. 2023-24")
    dimension = models.CharField(max_length=20, choices=Breakdown.Dimension.choices)
    children = models.JSONField(default=dict, help_text="Group code -> children aged 0 to 17")
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["board", "-year_label", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year_label", "dimension"], name="one_population_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.year_label} by {self.dimension}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
