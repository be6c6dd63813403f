"""A partnership over several local authorities: each authority's figures apart, and the
partnership's pooled figure, its authorities' numerators added over their denominators
added (a count: the counts added).

One authority's figure is an `IndicatorValue` with its `local_authority`; the board's own
figure (no authority) is what every page, benchmark and report reads. When an import writes
authorities' figures, the board's figure for that indicator and period becomes their pool
as soon as every authority the board lists has one (`pool_partnership`), never a part-pool.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .models import IndicatorValue, LocalAuthority, ValueSource, indicator_value


class Written(Protocol):
    indicator: IndicatorDefinition
    period_label: str
    period_end: datetime.date
    local_authority_id: int | None


def pooled(values: Iterable[IndicatorValue]) -> tuple[Decimal, Decimal | None]:
    """Numerators added over denominators added (a count has no denominator)."""
    held = list(values)
    numerator = sum((v.numerator for v in held), Decimal(0))
    denominators = [v.denominator for v in held]
    if any(d is None for d in denominators):
        return numerator, None
    return numerator, sum((d for d in denominators if d is not None), Decimal(0))


def pool_partnership(board: Board, written: Iterable[Written], user: User) -> int:
    """Set the board's figure to the pool of its authorities' for each indicator and period
    an import wrote authorities' figures for, once every authority has one. Saved one by one
    (a few per import) so the audit log records each. Returns how many were set."""
    keys = {
        (w.indicator, w.period_label, w.period_end)
        for w in written
        if w.local_authority_id is not None
    }
    if not keys:
        return 0
    areas = set(LocalAuthority.objects.filter(board=board).values_list("pk", flat=True))
    count = 0
    for indicator, label, end in keys:
        parts = list(
            IndicatorValue.with_areas.filter(
                board=board,
                indicator=indicator,
                period_label=label,
                local_authority__isnull=False,
            )
        )
        if {v.local_authority_id for v in parts} != areas:
            continue  # not every authority yet: no part-pool stands for the partnership
        numerator, denominator = pooled(parts)
        value = IndicatorValue.objects.filter(
            board=board, indicator=indicator, period_label=label
        ).first() or IndicatorValue(board=board, indicator=indicator, period_label=label)
        if value.pk and (value.numerator, value.denominator) == (numerator, denominator):
            continue
        value.period_end = end
        value.numerator, value.denominator = numerator, denominator
        value.source, value.entered_by, value.agency = ValueSource.POOLED, user, None
        value.save()
        count += 1
    return count


@dataclass
class AreaFigures:
    """One indicator's figures by authority for each period, and the partnership's."""

    areas: list[LocalAuthority]
    periods: list[tuple[str, list[Decimal | None], Decimal | None]]  # label, each, pooled


def area_figures(board: Board, indicator: IndicatorDefinition) -> AreaFigures | None:
    """Each authority's value per period (in the board's order of authorities) beside the
    partnership's pooled value; None for a board with no authorities listed. Two queries."""
    areas = list(LocalAuthority.objects.filter(board=board))
    if not areas:
        return None
    by_period: dict[str, dict[int | None, IndicatorValue]] = {}
    ends: dict[str, datetime.date] = {}
    for v in IndicatorValue.with_areas.filter(board=board, indicator=indicator):
        by_period.setdefault(v.period_label, {})[v.local_authority_id] = v
        ends[v.period_label] = v.period_end
    periods = []
    for label in sorted(by_period, key=lambda p: ends[p]):
        held = by_period[label]
        each = [_value(held.get(a.pk), indicator) for a in areas]
        parts = [held[a.pk] for a in areas if a.pk in held]
        pool = None
        if len(parts) == len(areas):
            pool = indicator_value(*pooled(parts), indicator.factor)
        periods.append((label, each, pool))
    return AreaFigures(areas, periods)


def _value(v: IndicatorValue | None, indicator: IndicatorDefinition) -> Decimal | None:
    return None if v is None else indicator_value(v.numerator, v.denominator, indicator.factor)


def latest_by_area(
    board: Board, indicators: list[IndicatorDefinition]
) -> dict[int, list[tuple[LocalAuthority, str, Decimal | None]]]:
    """For the data-set table: each indicator's latest figure of each authority (one query
    for the values, one for the authorities)."""
    areas = {a.pk: a for a in LocalAuthority.objects.filter(board=board)}
    if not areas:
        return {}
    latest: dict[tuple[int, int], IndicatorValue] = {}
    factor = {i.pk: i.factor for i in indicators}
    for v in IndicatorValue.with_areas.filter(
        board=board, indicator__in=indicators, local_authority__isnull=False
    ).order_by("period_end"):
        latest[(v.indicator_id, v.local_authority_id)] = v  # type: ignore[index]
    out: dict[int, list[tuple[LocalAuthority, str, Decimal | None]]] = {}
    for (indicator_id, area_id), v in sorted(latest.items(), key=lambda kv: areas[kv[0][1]].name):
        out.setdefault(indicator_id, []).append(
            (
                areas[area_id],
                v.period_label,
                indicator_value(v.numerator, v.denominator, factor[indicator_id]),
            )
        )
    return out
