"""Disproportionality: each indicator by ethnicity, sex, age band and disability.

A statutory return import counts every indicator it computes for each group of children
(`statutory.characteristics`); confirming the import stores those counts as `Breakdown`
rows beside the values (`store_breakdowns`). Against the board's 0-17 population by group
(`Population`), a count becomes a rate per 10,000 children of the group, and the group's
rate over all children's rate is the disproportionality ratio. `breakdowns_for` gives one
indicator's table and charts for a period: the page, its export and the yearly report all
read it, so a small number is withheld the same way everywhere (`SCRUTINY_DISCLOSURE_THRESHOLD`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from scrutiny.audit.bulk import log_bulk
from scrutiny.audit.models import AuditEntry
from scrutiny.core.charts import bar_chart
from scrutiny.core.exporters import Sheet
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .models import Breakdown, PendingImport, Population
from .periods import financial_year_start
from .statutory.characteristics import Dimension, dimensions
from .statutory.common import financial_year_label

RATE_PER = 10_000  # the DfE's rates: children per 10,000 children aged 0 to 17
PERCENT, RATE, COUNT = "percent", "rate", "count"


def store_breakdowns(pending: PendingImport, user: User) -> int:
    """Write the breakdowns a confirmed statutory import carries (`notes["breakdowns"]`),
    replacing those stored for the same indicators and periods; in the caller's transaction.
    Returns how many rows were written or changed."""
    rows = pending.notes.get("breakdowns") or []
    if not rows:
        return 0
    board = pending.board
    area = rows[0][7] if len(rows[0]) > 7 else None  # one authority's, in a partnership
    codes = {r[0] for r in rows}
    indicators = {
        i.code: i for i in IndicatorDefinition.objects.filter(pk__in=_indicator_ids(pending, codes))
    }
    periods = {(r[0], r[1]) for r in rows}
    held = {
        (b.indicator.code, b.period_label, b.dimension, b.group): b
        for b in Breakdown.objects.filter(
            board=board,
            indicator__in=indicators.values(),
            period_label__in={p for _, p in periods},
            local_authority_id=area,
        ).select_related("indicator")
        if (b.indicator.code, b.period_label) in periods
    }
    created, updated = [], []
    now = timezone.now()
    for code, label, end, dimension, group, numerator, denominator, *_ in rows:
        if code not in indicators:
            continue
        old = held.pop((code, label, dimension, group), None)
        if old is not None and (old.numerator, old.denominator) == (numerator, denominator):
            continue
        new = Breakdown(
            pk=old.pk if old else None,
            board=board,
            indicator=indicators[code],
            period_label=label,
            period_end=datetime.date.fromisoformat(end),
            dimension=dimension,
            group=group,
            numerator=numerator,
            denominator=denominator,
            source=pending.source,
            entered_by=user,
            entered_at=now,
            local_authority_id=area,
        )
        if old is None:
            created.append(new)
        else:
            updated.append((old, new))
    Breakdown.objects.bulk_create(created, batch_size=500)
    Breakdown.objects.bulk_update(
        [new for _, new in updated],
        ["numerator", "denominator", "source", "entered_by", "entered_at", "period_end"],
        batch_size=500,
    )
    for gone in held.values():  # a group the new files no longer have
        gone.delete()
    log_bulk(AuditEntry.Action.CREATE, [(None, b) for b in created], user)
    log_bulk(AuditEntry.Action.UPDATE, updated, user)
    return len(created) + len(updated)


def _indicator_ids(pending: PendingImport, codes: set[str]) -> set[int]:
    """The indicators of the import's own rows (the data set's current version)."""
    ids = {r["indicator"] for r in pending.rows}
    return set(
        IndicatorDefinition.objects.filter(pk__in=ids, code__in=codes).values_list("pk", flat=True)
    )


def threshold() -> int:
    return settings.SCRUTINY_DISCLOSURE_THRESHOLD


def fewer_than() -> str:
    return f"fewer than {threshold()}"


@dataclass
class GroupRow:
    code: str
    label: str
    numerator: int
    denominator: int | None
    population: int | None  # children aged 0 to 17 in the group, where entered
    value: Decimal | None = None  # the group's percentage, or its rate per 10,000
    ratio: Decimal | None = None  # value ÷ all children's value
    suppressed: bool = False  # fewer than the threshold (or withheld to protect another)
    withheld: bool = False  # shown as suppressed only so a suppressed group cannot be derived

    @property
    def count_shown(self) -> str:
        return (
            fewer_than()
            if self.suppressed and not self.withheld
            else ("withheld" if self.suppressed else str(self.numerator))
        )

    @property
    def value_shown(self) -> Decimal | None:
        return None if self.suppressed else self.value

    @property
    def ratio_shown(self) -> Decimal | None:
        return None if self.suppressed else self.ratio


@dataclass
class DimensionTable:
    code: str
    label: str
    measure: str  # PERCENT, RATE (per 10,000 of the group) or COUNT (no population entered)
    rows: list[GroupRow]
    total: int
    total_suppressed: bool
    all_value: Decimal | None  # all children's percentage or rate per 10,000
    note: str = ""
    chart: str = ""

    @property
    def total_shown(self) -> str:
        return fewer_than() if self.total_suppressed else str(self.total)


@dataclass
class Breakdowns:
    indicator: IndicatorDefinition
    period_label: str
    year_label: str  # the financial year whose population is used
    dimensions: list[DimensionTable] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # every period with breakdowns
    threshold: int = 5

    @property
    def unit_words(self) -> str:
        return "per cent" if self.indicator.factor == 100 else f"per {RATE_PER:,} children"


def periods_with_breakdowns(board: Board, indicator: IndicatorDefinition) -> list[str]:
    """Labels of the periods with breakdowns, latest first."""
    seen = (
        Breakdown.objects.filter(board=board, indicator=indicator)
        .order_by("-period_end", "period_label")
        .values_list("period_label", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(seen))


def breakdowns_for(
    board: Board, indicator: IndicatorDefinition | str, period: str | None = None
) -> Breakdowns | None:
    """One indicator's breakdowns for a period (the latest with breakdowns if None), with
    small numbers already suppressed and a chart per characteristic; None if there are none.
    The one source of the page, its exports and the yearly report."""
    if isinstance(indicator, str):
        found = (
            IndicatorDefinition.objects.filter(code=indicator, breakdowns__board=board)
            .order_by("-pk")
            .first()
        )
        if found is None:
            return None
        indicator = found
    periods = periods_with_breakdowns(board, indicator)
    if not periods or (period is not None and period not in periods):
        return None
    label = period or periods[0]
    stored = _pooled(
        list(Breakdown.objects.filter(board=board, indicator=indicator, period_label=label))
    )
    end = stored[0].period_end
    year = financial_year_label(financial_year_start(end))
    populations = {
        p.dimension: p.children for p in Population.objects.filter(board=board, year_label=year)
    }
    result = Breakdowns(indicator, label, year, periods=periods, threshold=threshold())
    for code, dimension in dimensions().items():
        counts = {b.group: b for b in stored if b.dimension == code}
        if counts:
            table = _table(indicator, dimension, counts, populations.get(code) or {})
            table.chart = chart(indicator, label, table)
            result.dimensions.append(table)
    return result


def _pooled(stored: list[Breakdown]) -> list[Breakdown]:
    """A partnership's breakdowns: its authorities' counts added group by group (a board's
    own counts when no authority has any)."""
    areas = [b for b in stored if b.local_authority_id is not None]
    if not areas:
        return stored
    pooled: dict[tuple[str, str], Breakdown] = {}
    for b in areas:
        kept = pooled.get((b.dimension, b.group))
        if kept is None:
            pooled[(b.dimension, b.group)] = Breakdown(
                indicator_id=b.indicator_id,
                period_label=b.period_label,
                period_end=b.period_end,
                dimension=b.dimension,
                group=b.group,
                numerator=b.numerator,
                denominator=b.denominator,
            )
        else:
            kept.numerator += b.numerator
            if kept.denominator is not None or b.denominator is not None:
                kept.denominator = (kept.denominator or 0) + (b.denominator or 0)
    return list(pooled.values())


def _table(
    indicator: IndicatorDefinition,
    dimension: Dimension,
    counts: dict[str, Breakdown],
    population: dict[str, int],
) -> DimensionTable:
    limit = threshold()
    percent = any(b.denominator is not None for b in counts.values())
    rows = []
    for group in dimension.groups:
        b = counts.get(group.code)
        if b is None and not group.population:
            continue  # e.g. no unborn children counted: no row
        rows.append(
            GroupRow(
                group.code,
                group.label,
                b.numerator if b else 0,
                (b.denominator or 0) if (b and percent) else (0 if percent else None),
                _int(population.get(group.code)) if group.population else None,
            )
        )
    total = sum(r.numerator for r in rows)
    pop_groups = dimension.population_groups
    whole_population = (
        sum(_int(population.get(g.code)) or 0 for g in pop_groups)
        if all(_int(population.get(g.code)) for g in pop_groups)
        else None
    )
    note = ""
    if percent:
        measure = PERCENT
        all_out_of = sum(r.denominator or 0 for r in rows)
        all_value = Decimal(total) / all_out_of * indicator.factor if all_out_of else None
        for r in rows:
            if r.denominator:
                r.value = Decimal(r.numerator) / r.denominator * indicator.factor
    elif any(r.population for r in rows):
        measure = RATE
        all_value = Decimal(total) / whole_population * RATE_PER if whole_population else None
        for r in rows:
            if r.population:
                r.value = Decimal(r.numerator) / r.population * RATE_PER
        if whole_population is None:
            note = (
                "The ratio needs the population of every group: enter the missing ones on the "
                "population page."
            )
    else:
        measure, all_value = COUNT, None
        note = "No population by group is entered for this year, so there are no rates."
    for r in rows:
        if r.value is not None and all_value:
            r.ratio = r.value / all_value
    _suppress(rows, percent, limit)
    return DimensionTable(
        dimension.code,
        dimension.label,
        measure,
        rows,
        total,
        total < limit,
        None if total < limit else all_value,
        note,
    )


def _int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _suppress(rows: list[GroupRow], percent: bool, limit: int) -> None:
    """A group counting fewer than `limit` children (or, for a percentage, out of fewer) is
    suppressed. If that leaves exactly one suppressed group while the total is shown, the
    next smallest group is withheld too, so the first cannot be worked out by subtraction."""
    for r in rows:
        if r.numerator < limit or (percent and (r.denominator or 0) < limit):
            r.suppressed = True
    suppressed = [r for r in rows if r.suppressed]
    total = sum(r.numerator for r in rows)
    if len(suppressed) == 1 and total >= limit:
        others = sorted((r for r in rows if not r.suppressed), key=lambda r: r.numerator)
        if others:
            others[0].suppressed = others[0].withheld = True


def chart(indicator: IndicatorDefinition, period: str, table: DimensionTable) -> str:
    """A bar per group (its percentage, rate or count) with all children's value as the
    dashed line; a suppressed group gets no bar and says "fewer than N". The table beside
    it is the full text alternative."""
    measured = table.measure != COUNT
    values, texts = [], []
    unit = "%" if table.measure == PERCENT else ""
    for r in table.rows:
        value = None if r.suppressed else (r.value if measured else Decimal(r.numerator))
        values.append(None if value is None else float(value))
        texts.append(
            r.count_shown
            if r.suppressed
            else ("no population entered" if value is None else f"{float(value):.1f}{unit}")
        )
    reference = float(table.all_value) if measured and table.all_value is not None else None
    kind = {
        PERCENT: "per cent",
        RATE: f"per {RATE_PER:,} children of the group",
        COUNT: "children counted",
    }[table.measure]
    return bar_chart(
        f"{indicator.name} by {table.label.lower()}, {period} ({kind})",
        [(r.label, v) for r, v in zip(table.rows, values, strict=True)],
        reference,
        f"chart-{table.code}",
        maximum=max([v for v in values if v is not None] + [reference or 0], default=1),
        texts=texts,
        threshold_text=f"Dashed line: all children, {reference:.1f}{unit}" if reference else "",
    )


def sheet(breakdowns: Breakdowns) -> Sheet:
    """The export: the same suppressed figures as the page, never a small number."""
    header = [
        "Characteristic",
        "Group",
        "Children counted",
        "Value" + (" (%)" if breakdowns.indicator.factor == 100 else f" per {RATE_PER:,}"),
        "Children aged 0 to 17 in the group",
        "Disproportionality ratio",
    ]
    data: list[list] = []
    for table in breakdowns.dimensions:
        for r in table.rows:
            data.append(
                [
                    table.label,
                    r.label,
                    r.count_shown,
                    _rounded(r.value_shown, 1),
                    r.population,
                    _rounded(r.ratio_shown, 2),
                ]
            )
        data.append(
            [
                table.label,
                "All children",
                table.total_shown,
                _rounded(table.all_value, 1),
                None,
                None,
            ]
        )
    return Sheet("Disproportionality", header, data)


def _rounded(value: Decimal | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)
