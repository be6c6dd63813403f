"""Where a course's learning comes from. The free-text `Course.learning_from` always counts;
other apps (case reviews, audits) register a function that lists their own links:

    from scrutiny.training.learning import register_learning_source
    register_learning_source(lambda course: [LearningSource("SCR Child K", url)])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Course


@dataclass(frozen=True)
class LearningSource:
    title: str
    url: str = ""


_SOURCES: list[Callable[[Course], list[LearningSource]]] = []


def register_learning_source(source: Callable[[Course], list[LearningSource]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def learning_sources(course: Course) -> list[LearningSource]:
    found = [LearningSource(course.learning_from)] if course.learning_from.strip() else []
    for source in _SOURCES:
        found.extend(source(course))
    return found
