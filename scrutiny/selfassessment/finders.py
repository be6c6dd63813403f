"""The self-assessment's evidence registry: the shapes a finder fills and `register`.

Sources register a finder for their kind of record from their AppConfig (`training/apps.py`);
`selfassessment.evidence` asks the finders a criterion rests on and ranks what they find.
This module imports nothing above the libraries, so a source that registers here never
reaches up into the self-assessment (tests/test_layers.py, REGISTRIES).

The regional library registers the good practice it holds for a criterion the same way
(`register_resources`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models

from scrutiny.library.models import TemplateQuestion
from scrutiny.tenancy.models import Board, Region


@dataclass(frozen=True)
class Criterion:
    """What a criterion's evidence looks like: kinds of record, keywords and themes."""

    question: TemplateQuestion
    kinds: tuple[str, ...]  # empty: every registered kind
    keywords: tuple[str, ...]
    themes: tuple[str, ...] = ()
    reflective: tuple[str, ...] = ()


@dataclass
class Candidate:
    obj: models.Model
    label: str
    text: str = ""  # searched for keywords; copied as the link's summary
    url: str = ""
    theme: str = ""
    kind: str = ""
    matched: list[str] = field(default_factory=list)
    origin: str = ""  # where the record came from, when its kind gathers several sources

    @property
    def reason(self) -> str:
        if not self.matched:
            why = "the criterion rests on this kind of evidence"
        else:
            why = "mentions " + ", ".join(f"“{m}”" for m in self.matched)
        return f"{self.origin}; {why}" if self.origin else why


Finder = Callable[[Board, Criterion], list[Candidate]]


@dataclass(frozen=True)
class EvidenceKind:
    kind: str
    label: str
    finder: Finder


_REGISTRY: dict[str, EvidenceKind] = {}


def register(kind: str, label: str, finder: Finder) -> None:
    """Add (or replace) the finder for one kind of evidence."""
    _REGISTRY[kind] = EvidenceKind(kind, label, finder)


def registered() -> dict[str, EvidenceKind]:
    return dict(_REGISTRY)


Resources = Callable[[Region, TemplateQuestion], Sequence[models.Model]]
_RESOURCES: list[Resources] = []


def register_resources(finder: Resources) -> None:
    """Name the function that lists good practice for a criterion (the regional library)."""
    _RESOURCES[:] = [finder]


def resources_for_criterion(region: Region, question: TemplateQuestion) -> list[models.Model]:
    return list(_RESOURCES[0](region, question)) if _RESOURCES else []
