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
    return rated_section_scores(
        (
            (answer.question.section_id, answer.level.scale_id, answer.level.rank)
            for answer in answers
            if answer.level is not None
        ),
        levels_per_scale,
    )


def rated_section_scores(
    rated: Iterable[tuple[int, int, int]], levels_per_scale: dict[int, int]
) -> dict[int, float]:
    """`section_scores` of rated answers read as values: (section id, scale id, level rank)."""
    totals: dict[int, list[float]] = defaultdict(list)
    for section_id, scale_id, rank in rated:
        totals[section_id].append(level_score(rank, levels_per_scale[scale_id]))
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
