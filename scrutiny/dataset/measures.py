"""RAG, trend, variance and regional benchmarks, as MEASURES.md defines them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rag:
    word: str
    colour: str  # a GOV.UK tag colour; the word is always shown as well
    reason: str = ""


def rag(
    actual: Decimal | None, target: Decimal | None, tolerance: Decimal, higher_is_better: bool
) -> Rag:
    """Green on or beyond target; amber short of it by no more than the tolerance; red beyond.

    The bands touch: a value exactly `tolerance` short is amber. Grey says why there is no RAG.
    """
    if actual is None:
        return Rag("No value", "grey", "no value for this period")
    if target is None:
        return Rag("No target", "grey", "no target set for this period")
    shortfall = (target - actual) if higher_is_better else (actual - target)
    if shortfall <= 0:
        return Rag("Green", "green")
    if shortfall <= tolerance:
        return Rag("Amber", "orange")
    return Rag("Red", "red")


def variance(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """(actual − target) ÷ target, as a fraction."""
    if actual is None or not target:
        return None
    return (actual - target) / target


@dataclass(frozen=True)
class VarianceWords:
    shown: str  # "+3.2 pp", "−12%"
    spoken: str  # "3.2 percentage points above target", for screen readers


def variance_words(
    unit: str, actual: Decimal | None, target: Decimal | None
) -> VarianceWords | None:
    """How far from target, in the indicator's terms. A percentage's variance is the gap in
    percentage points (actual − target: 75% against 80% is −5.0 pp, not −6%); any other
    unit's is relative, (actual − target) ÷ target, as a whole percent."""
    if actual is None or target is None:
        return None
    if unit == "percent":
        gap = (actual - target).quantize(Decimal("0.1"))
        words = "above" if gap > 0 else "below"
        if gap == 0:
            return VarianceWords("0.0 pp", "on target")
        return VarianceWords(f"{_signed(gap)} pp", f"{abs(gap)} percentage points {words} target")
    share = variance(actual, target)
    if share is None:
        return None
    percent = (share * 100).quantize(Decimal("1"))
    if percent == 0:
        return VarianceWords("0%", "on target")
    return VarianceWords(
        f"{_signed(percent)}%", f"{abs(percent)}% {'above' if percent > 0 else 'below'} target"
    )


def _signed(number: Decimal) -> str:
    return f"+{number}" if number > 0 else f"\u2212{abs(number)}"


def change_from_baseline(values: Sequence[Decimal | None]) -> Decimal | None:
    """(current − first) ÷ first over the values in period order."""
    known = [v for v in values if v is not None]
    if len(known) < 2 or not known[0]:
        return None
    return (known[-1] - known[0]) / known[0]


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down" or "flat"
    periods: int  # how many consecutive periods it has moved this way
    improving: bool | None  # None when flat

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓"}.get(self.direction, "")

    @property
    def words(self) -> str:
        if self.direction == "flat":
            return "No real change"
        better = "improving" if self.improving else "worsening"
        way = "Up" if self.direction == "up" else "Down"
        return f"{way} {self.periods} period{'s' if self.periods > 1 else ''}, {better}"


def trend(
    values: Sequence[Decimal | None], higher_is_better: bool, minimum_change: Decimal
) -> Trend | None:
    """Direction of the latest change and how many periods it has lasted.

    A change smaller than `minimum_change` counts as flat (no arrow).
    """
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None

    def step(a: Decimal, b: Decimal) -> str:
        if abs(b - a) < minimum_change:
            return "flat"
        return "up" if b > a else "down"

    # Walked back from the latest change only as far as the run lasts (a board has tens of
    # periods of each indicator; the run is usually a few).
    direction = step(known[-2], known[-1])
    periods = 1
    for n in range(len(known) - 2, 0, -1):
        if step(known[n - 1], known[n]) != direction:
            break
        periods += 1
    improving = None if direction == "flat" else (direction == "up") == higher_is_better
    return Trend(direction, periods, improving)


@dataclass(frozen=True)
class BoardFigure:
    """One board's raw figures for an indicator in a period, and the value they give."""

    board_id: int
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None
    small: bool  # rests on fewer children than the small-number threshold


def is_small_number(numerator: Decimal, denominator: Decimal | None, threshold: int) -> bool:
    """A value resting on fewer than `threshold` children: the denominator for a rate or a
    percentage, the numerator for a count (it has no denominator)."""
    base = numerator if denominator is None else denominator
    return base < threshold


def pooled_rate(figures: Sequence[BoardFigure], factor: int) -> Decimal | None:
    """The region's own rate: the boards' numerators added, over their denominators added.

    A count has no rate to pool (no denominator); none is given."""
    with_base = [f for f in figures if f.denominator is not None]
    if factor == 1 and not with_base:
        return None
    denominator = sum((f.denominator for f in with_base), Decimal(0))  # type: ignore[misc]
    if not denominator:
        return None
    return sum((f.numerator for f in with_base), Decimal(0)) / denominator * factor


def best_end(higher_is_better: bool) -> str:
    """Which end of the ranking quartile 1 is, in words shown beside every quartile."""
    return f"quartile 1 = best; {'higher' if higher_is_better else 'lower'} is better"


@dataclass(frozen=True)
class Benchmark:
    """Where a board stands among its region's boards for one period.

    Rank, quartile, best and worst are among boards with enough children (not flagged as small
    numbers): a 0 from a board with three children is never called best. The mean and median are
    of the boards' own values, unweighted, over every board with a value; `pooled` is the
    region's rate from the added numerators and denominators.
    """

    rank: int | None  # 1 is best; None for a board flagged as small numbers
    of: int  # boards ranked (without small numbers)
    quartile: int | None  # 1 is the best quarter
    mean: Decimal  # mean of boards' rates (unweighted)
    median: Decimal
    best: Decimal | None
    worst: Decimal | None
    pooled: Decimal | None
    small: bool  # this board's own value rests on small numbers
    small_boards: int  # boards left out of rank, best and worst as small numbers
    boards: int  # boards with a value
    higher_is_better: bool = True

    @property
    def quartile_words(self) -> str:
        return best_end(self.higher_is_better)

    @property
    def rank_words(self) -> str:
        """ "2 of 5 (quartile 2)", or why the board is not ranked."""
        if self.rank is None:
            return "Not ranked: small numbers"
        return f"{self.rank} of {self.of} (quartile {self.quartile})"


def benchmark(
    own: BoardFigure | None,
    figures: Sequence[BoardFigure],
    higher_is_better: bool,
    factor: int,
) -> Benchmark | None:
    """`own` among all boards' `figures` for the same period (`figures` includes it)."""
    if own is None or own.value is None:
        return None
    valued = [f for f in figures if f.value is not None]
    values = [f.value for f in valued]
    ranked = sorted(
        (f.value for f in valued if not f.small),  # type: ignore[misc]
        reverse=higher_is_better,
    )
    rank = quartile = None
    if not own.small and ranked:
        rank = 1 + sum(1 for v in ranked if (v > own.value if higher_is_better else v < own.value))
        quartile = min(4, 1 + (rank - 1) * 4 // len(ranked))
    return Benchmark(
        rank=rank,
        of=len(ranked),
        quartile=quartile,
        mean=sum(values, Decimal(0)) / len(values),  # type: ignore[arg-type]
        median=Decimal(statistics.median(values)),  # type: ignore[type-var]
        best=ranked[0] if ranked else None,
        worst=ranked[-1] if ranked else None,
        pooled=pooled_rate(valued, factor),
        small=own.small,
        small_boards=sum(1 for f in valued if f.small),
        boards=len(valued),
        higher_is_better=higher_is_better,
    )
