"""The suggested overall judgement: a best fit from the criteria grades, with the reasoning.

The board decides its own judgement; this only suggests one. Levels are compared by rank on
their scale (1 is the top). "Good or better" means rank 2 or above, and the bottom of the
scale is "inadequate" (on the Ofsted scale: outstanding, good, requires improvement,
inadequate; other four-point tools read the same way).

The rule, applied to the graded criteria:
1. A third or more at the bottom of the scale: the bottom (inadequate).
2. Otherwise, if any criterion is at the bottom, or fewer than three quarters are good or
   better: the level below good (requires improvement). One inadequate criterion keeps a
   board from being good.
3. Otherwise, if every criterion is good or better and more than half are at the top:
   the top (outstanding).
4. Otherwise: good.
Criteria not yet graded make the suggestion provisional, and the reasoning says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from scrutiny.library.models import ScaleLevel


@dataclass(frozen=True)
class BestFit:
    level: ScaleLevel | None
    reasoning: str
    provisional: bool


def _count(n: int, word: str = "criterion", plural: str = "criteria") -> str:
    return f"{n} {word if n == 1 else plural}"


def best_fit(grades: Sequence[ScaleLevel | None], levels: Sequence[ScaleLevel]) -> BestFit:
    """`grades`: one per criterion (None where ungraded); `levels`: the scale, top first."""
    levels = sorted(levels, key=lambda lv: lv.rank)
    graded = [g for g in grades if g is not None]
    total = len(grades)
    if not graded or len(levels) < 3:
        return BestFit(None, "No criterion has been graded yet.", provisional=True)
    top, good, below_good, bottom = levels[0], levels[1], levels[2], levels[-1]
    n = len(graded)
    at_bottom = sum(1 for g in graded if g.rank == bottom.rank)
    good_or_better = sum(1 for g in graded if g.rank <= good.rank)
    at_top = sum(1 for g in graded if g.rank == top.rank)
    facts = [
        f"{good_or_better} of {n} graded criteria are {good.label.lower()} or better",
        f"{at_top} {top.label.lower()}",
        f"{at_bottom} {bottom.label.lower()}" if at_bottom else f"none {bottom.label.lower()}",
    ]
    if Fraction(at_bottom, n) >= Fraction(1, 3):
        level, why = bottom, f"a third or more of the criteria are {bottom.label.lower()}"
    elif at_bottom:
        level = below_good
        why = (
            f"a criterion graded {bottom.label.lower()} keeps the board from being "
            f"{good.label.lower()}"
        )
    elif Fraction(good_or_better, n) < Fraction(3, 4):
        level = below_good
        why = f"fewer than three quarters of the criteria are {good.label.lower()} or better"
    elif good_or_better == n and Fraction(at_top, n) > Fraction(1, 2):
        level = top
        why = f"every criterion is {good.label.lower()} or better and most are {top.label.lower()}"
    else:
        level, why = good, f"at least three quarters are {good.label.lower()} or better"
    reasoning = "; ".join(facts) + f". Suggested: {level.label}, because {why}."
    provisional = n < total
    if provisional:
        reasoning += f" Provisional: {_count(total - n)} not yet graded."
    return BestFit(level, reasoning, provisional)
