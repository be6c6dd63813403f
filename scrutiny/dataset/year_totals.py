"""A financial year's value for a quarterly indicator, computed from its four quarters.

Never stored: the quarters are the data, the year is worked out when asked (MEASURES.md:
aggregate numerators and denominators first, then divide). How the quarters add up depends
on what is counted, and the year total says which way it was worked out:

- a flow (contacts, assessments within 45 days): the four quarters' numerators added, and
  their denominators added, then divided;
- a rate per 10,000 children: the numerators added, divided by the child population of the
  year's last quarter (the same children are in every quarter's denominator, so adding the
  four would count each child four times);
- a position at the period end (children on a plan, children looked after): the value at
  31 March, the year's last quarter, as the DfE publishes it.

A year with a quarter missing gets no value (a partial sum would look like a fall).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from scrutiny.library.models import IndicatorDefinition, IndicatorUnit, ReportingPeriod

from .models import indicator_value
from .periods import financial_year_label, financial_year_quarters, financial_year_start

ADDED = "four quarters added, numerators and denominators first"
ADDED_OVER_POPULATION = "four quarters' numerators added, over the population at 31 March"
AT_YEAR_END = "the value at 31 March"


@dataclass(frozen=True)
class YearTotal:
    label: str  # "2024-25"
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    quarters: int  # how many of the year's four quarters are held
    worked_out: str  # how the value was computed, or why there is none

    @property
    def words(self) -> str:
        """The label a page shows beside the value: a computed year total, not a stored one."""
        return f"{self.label} year total ({self.worked_out})"


def is_position(indicator: IndicatorDefinition) -> bool:
    """Whether the indicator counts a position at the period end rather than a flow: said by
    its numerator's definition in the library ("... at the period end")."""
    return "at the period end" in indicator.numerator.lower()


class HeldQuarter(Protocol):
    """What a year's total reads of a quarter's value: a stored `IndicatorValue` or the plain
    tuple `board_data.HeldValue`."""

    @property
    def period_label(self) -> str: ...
    @property
    def period_end(self) -> datetime.date: ...
    @property
    def numerator(self) -> Decimal: ...
    @property
    def denominator(self) -> Decimal | None: ...


def year_totals(indicator: IndicatorDefinition, values: Iterable[HeldQuarter]) -> list[YearTotal]:
    """Each financial year the quarterly values touch, oldest first. None for an indicator
    that is not quarterly (a yearly indicator's year value is stored as entered)."""
    if indicator.period != ReportingPeriod.QUARTER:
        return []
    by_label = {v.period_label: v for v in values}
    years = sorted({financial_year_start(v.period_end) for v in by_label.values()})
    return [_year(indicator, year, by_label) for year in years]


def _year(indicator: IndicatorDefinition, year: int, by_label: dict[str, HeldQuarter]) -> YearTotal:
    label = financial_year_label(year)
    quarters = [by_label.get(q) for q in financial_year_quarters(year)]
    held = [q for q in quarters if q is not None]
    if is_position(indicator):
        last = quarters[-1]
        if last is None:
            return YearTotal(label, None, None, None, len(held), "no value held at 31 March")
        return YearTotal(
            label,
            last.numerator,
            last.denominator,
            indicator_value(last.numerator, last.denominator, indicator.factor),
            len(held),
            AT_YEAR_END,
        )
    if len(held) < 4:
        return YearTotal(label, None, None, None, len(held), f"{len(held)} of 4 quarters held")
    numerator = sum((q.numerator for q in held), Decimal(0))
    if indicator.unit == IndicatorUnit.COUNT:
        return YearTotal(label, numerator, None, numerator, 4, ADDED)
    if indicator.unit == IndicatorUnit.RATE_PER_10000:
        denominator, worked_out = held[-1].denominator, ADDED_OVER_POPULATION
    else:
        denominator = sum((q.denominator or Decimal(0) for q in held), Decimal(0))
        worked_out = ADDED
    return YearTotal(
        label,
        numerator,
        denominator,
        indicator_value(numerator, denominator, indicator.factor),
        4,
        worked_out,
    )
