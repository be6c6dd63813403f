"""Scores from scale answers: the top of a scale scores 100, the bottom 0, evenly between."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .models import Answer


def level_score(rank: int, levels_on_scale: int) -> float:
    if levels_on_scale < 2:
        raise ValueError("a scale needs at least two levels")
    return 100 * (levels_on_scale - rank) / (levels_on_scale - 1)


def section_scores(answers: Iterable[Answer], levels_per_scale: dict[int, int]) -> dict[int, float]:
    """Mean score of the rated answers in each section, keyed by section id."""
    totals: dict[int, list[float]] = defaultdict(list)
    for answer in answers:
        if answer.level is None:
            continue
        levels = levels_per_scale[answer.level.scale_id]
        totals[answer.question.section_id].append(level_score(answer.level.rank, levels))
    return {section: sum(values) / len(values) for section, values in totals.items()}


def score_band(score: float | None) -> tuple[str, str]:
    """(word, tag colour) for a score; words as well as colours, never colour alone."""
    if score is None:
        return "Not rated", "grey"
    if score >= 80:
        return "Strong", "green"
    if score >= 50:
        return "Partly met", "yellow"
    return "Weak", "red"
