"""The data set as one board sees it: latest values, targets, RAG, trend and regional standing.

Everything is read in a fixed number of queries, whatever the number of periods or boards.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.db.models import OuterRef, Subquery

from scrutiny.library.data_set import DATA_SET_CODE, current_data_set  # noqa: F401
from scrutiny.library.models import IndicatorDefinition, ReportingPeriod
from scrutiny.tenancy.models import Board

from .measures import (
    Benchmark,
    BoardFigure,
    Rag,
    Trend,
    benchmark,
    change_from_baseline,
    is_small_number,
    rag,
    trend,
    variance,
    variance_words,
)
from .models import IndicatorValue, Target, indicator_value
from .year_totals import YearTotal, year_totals


def minimum_change(indicator: IndicatorDefinition) -> Decimal:
    """Changes smaller than this get no trend arrow: half a point, or one for counts."""
    return Decimal("1") if indicator.factor == 1 else Decimal("0.5")


class HeldValue(NamedTuple):
    """A stored value's numbers, read as a plain tuple: a board holds thousands of values and
    building a model instance for each is most of the page's time. It has the attributes
    `value_of`, `board_figure` and `year_totals` read from an `IndicatorValue`."""

    board_id: int
    indicator_id: int
    period_label: str
    period_end: datetime.date
    numerator: Decimal
    denominator: Decimal | None
    id: int  # the stored row's (a finding on the value points at it)

    def stored(self) -> IndicatorValue:
        """The row as a model instance with its primary key, not read again: what a finding's
        source needs (its model and key). For reading only."""
        return IndicatorValue(
            pk=self.id,
            board_id=self.board_id,
            indicator_id=self.indicator_id,
            period_label=self.period_label,
            period_end=self.period_end,
            numerator=self.numerator,
            denominator=self.denominator,
        )


@dataclass
class IndicatorRow:
    indicator: IndicatorDefinition
    history: list[tuple[str, Decimal | None]]
    latest_label: str | None
    latest: Decimal | None
    target: Decimal | None
    rag: Rag
    trend: Trend | None
    variance: Decimal | None
    change: Decimal | None
    benchmark: Benchmark | None
    # The values behind the row, oldest first (for `years`).
    held: list[HeldValue] = field(default_factory=list, repr=False)

    @cached_property
    def years(self) -> list[YearTotal]:
        """A quarterly indicator's financial years, computed from its quarters (never stored):
        worked out when a page asks, as most pages show only the latest value."""
        return year_totals(self.indicator, self.held)

    @property
    def variance_words(self):
        """The variance as shown and as read aloud: percentage points for a percentage."""
        return variance_words(self.indicator.unit, self.latest, self.target)

    def year_value(self, label: str) -> tuple[Decimal | None, str]:
        """The value for a financial year and what it is: a quarterly indicator's computed
        year total, or a yearly indicator's value as reported."""
        for year in self.years:
            if year.label == label:
                return year.value, f"year total: {year.worked_out}"
        if self.indicator.period == ReportingPeriod.YEAR:
            value = dict(self.history).get(label)
            return value, "as reported" if value is not None else "no value"
        return None, "no value"


def board_rows(
    board: Board,
    indicators: list[IndicatorDefinition],
    until: datetime.date | None = None,
    targets: dict[tuple[int, str], Target] | None = None,
) -> list[IndicatorRow]:
    """Each indicator's row; `until` ignores periods ending after it (a report's year end).
    Queries: 1 the board's values, 1 its targets (none when the caller gives `targets`, the
    board's targets of these indicators by indicator id and period label), 1 the region's
    values in each indicator's latest period."""
    ids = [i.pk for i in indicators]
    values = IndicatorValue.objects.filter(board=board, indicator__in=ids)
    if until:
        values = values.filter(period_end__lte=until)
    stored = values.order_by("indicator", "period_end", "period_label").values_list(
        *HeldValue._fields
    )
    # Each indicator's values oldest first, grouped without a Python call per row: each row
    # made a HeldValue as `values_list(named=True)` makes its rows (tuple.__new__).
    history: dict[int, list[HeldValue]] = {
        indicator_id: list(held)
        for indicator_id, held in groupby(
            map(partial(tuple.__new__, HeldValue), stored), key=attrgetter("indicator_id")
        )
    }
    if targets is None:
        targets = {
            (t.indicator_id, t.period_label): t
            for t in Target.objects.filter(board=board, indicator__in=ids)
        }
    latest_labels = {i: vs[-1].period_label for i, vs in history.items()}
    region_values: dict[int, list[BoardFigure]] = defaultdict(list)
    by_pk = {i.pk: i for i in indicators}
    # Plain tuples, not model instances: a region of many boards is thousands of rows.
    for board_id, indicator_id, label, numerator, denominator in (
        IndicatorValue.objects.filter(
            board__region_id=board.region_id,
            indicator__in=ids,
            period_label__in=set(latest_labels.values()),
        )
        .order_by()
        .values_list("board_id", "indicator_id", "period_label", "numerator", "denominator")
    ):
        if latest_labels.get(indicator_id) == label:
            region_values[indicator_id].append(
                figure(board_id, numerator, denominator, by_pk[indicator_id])
            )
    rows = []
    for indicator in indicators:
        own = history.get(indicator.pk, [])
        factor = indicator.factor
        series = [
            (v.period_label, indicator_value(v.numerator, v.denominator, factor)) for v in own
        ]
        latest_label = own[-1].period_label if own else None
        latest = series[-1][1] if series else None
        t = targets.get((indicator.pk, latest_label)) if latest_label else None
        values_only = [v for _, v in series]
        rows.append(
            IndicatorRow(
                indicator=indicator,
                history=series,
                latest_label=latest_label,
                latest=latest,
                target=t.target if t else None,
                rag=target_rag(
                    latest, t.target if t else None, t.tolerance if t else None, indicator
                ),
                trend=trend(values_only, indicator.higher_is_better, minimum_change(indicator)),
                variance=variance(latest, t.target if t else None),
                change=change_from_baseline(values_only),
                benchmark=benchmark(
                    board_figure(own[-1], indicator) if own else None,
                    region_values.get(indicator.pk, []),
                    indicator.higher_is_better,
                    indicator.factor,
                )
                if latest_label
                else None,
                held=own,
            )
        )
    return rows


def target_rag(
    latest: Decimal | None,
    target: Decimal | None,
    tolerance: Decimal | None,
    indicator: IndicatorDefinition,
) -> Rag:
    """The RAG of an indicator's latest value against the board's target for its period and
    that target's tolerance (none without a target)."""
    return rag(
        latest, target, Decimal(0) if tolerance is None else tolerance, indicator.higher_is_better
    )


@dataclass(frozen=True)
class LatestReading:
    """An indicator's latest value, its target for that period and its RAG, as its
    `IndicatorRow` has them (for counts and lists that need no history or benchmark)."""

    indicator: IndicatorDefinition
    latest_label: str | None
    latest: Decimal | None
    target: Decimal | None
    rag: Rag


def latest_readings(
    board: Board,
    indicators: list[IndicatorDefinition],
    until: datetime.date | None = None,
) -> list[LatestReading]:
    """Each indicator's latest reading, in the order given, reading only the latest value of
    each (`until` ignores periods ending after it, as in `board_rows`). One query: the latest
    values, each with the board's target and tolerance for its period.

    Each indicator's latest value is found by its own step down the index of a board's values
    in period order (`value_board_indicator_end`): a subquery per indicator, never a sort or
    a window over the board's thousands of values; its target by the targets' unique index."""
    ids = [i.pk for i in indicators]
    values = IndicatorValue.objects.filter(board=board)
    if until:
        values = values.filter(period_end__lte=until)
    newest = (
        values.filter(indicator=OuterRef("pk"))
        .order_by("-period_end", "-period_label")
        .values("pk")[:1]
    )
    target = Target.objects.filter(
        board=board, indicator=OuterRef("indicator"), period_label=OuterRef("period_label")
    )
    latest = {
        row[1]: (HeldValue._make(row[:-2]), row[-2], row[-1])
        for row in IndicatorValue.objects.filter(
            pk__in=IndicatorDefinition.objects.filter(pk__in=ids).values(newest=Subquery(newest))
        )
        .annotate(
            its_target=Subquery(target.values("target")[:1]),
            its_tolerance=Subquery(target.values("tolerance")[:1]),
        )
        .order_by()
        .values_list(*HeldValue._fields, "its_target", "its_tolerance")
    }
    readings = []
    for indicator in indicators:
        own, target_value, tolerance = latest.get(indicator.pk, (None, None, None))
        value = value_of(own, indicator) if own else None
        readings.append(
            LatestReading(
                indicator=indicator,
                latest_label=own.period_label if own else None,
                latest=value,
                target=target_value,
                rag=target_rag(value, target_value, tolerance, indicator),
            )
        )
    return readings


def value_of(v: IndicatorValue | HeldValue, indicator: IndicatorDefinition) -> Decimal | None:
    """The indicator's value for a stored row (the row's own indicator may not be loaded)."""
    return indicator_value(v.numerator, v.denominator, indicator.factor)


def board_figure(v: IndicatorValue | HeldValue, indicator: IndicatorDefinition) -> BoardFigure:
    """A stored row as the benchmark reads it, flagged when it rests on small numbers."""
    return figure(v.board_id, v.numerator, v.denominator, indicator)


def figure(
    board_id: int,
    numerator: Decimal,
    denominator: Decimal | None,
    indicator: IndicatorDefinition,
) -> BoardFigure:
    """A board's figure from a row's numbers (read as plain values, not a model instance)."""
    return BoardFigure(
        board_id=board_id,
        numerator=numerator,
        denominator=denominator,
        value=indicator_value(numerator, denominator, indicator.factor),
        small=is_small_number(numerator, denominator, settings.SCRUTINY_SMALL_NUMBER_THRESHOLD),
    )
