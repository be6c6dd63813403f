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

    steps = [step(a, b) for a, b in zip(known, known[1:], strict=False)]
    direction = steps[-1]
    periods = 0
    for s in reversed(steps):
        if s != direction:
            break
        periods += 1
    improving = None if direction == "flat" else (direction == "up") == higher_is_better
    return Trend(direction, periods, improving)


@dataclass(frozen=True)
class Benchmark:
    rank: int  # 1 is best
    of: int
    quartile: int  # 1 is the best quarter
    mean: Decimal
    median: Decimal
    best: Decimal
    worst: Decimal


def benchmark(
    value: Decimal | None, others: Sequence[Decimal], higher_is_better: bool
) -> Benchmark | None:
    """Where `value` stands among all boards' values for the same period (`others` includes it)."""
    if value is None or not others:
        return None
    ordered = sorted(others, reverse=higher_is_better)
    rank = 1 + sum(1 for v in ordered if (v > value if higher_is_better else v < value))
    quartile = min(4, 1 + (rank - 1) * 4 // len(ordered))
    return Benchmark(
        rank=rank,
        of=len(ordered),
        quartile=quartile,
        mean=sum(ordered, Decimal(0)) / len(ordered),
        median=Decimal(statistics.median(ordered)),
        best=ordered[0],
        worst=ordered[-1],
    )
