"""The thematic view: areas for improvement per theme per year, across every source of
evidence (audits, returns, inspections, peer reviews, learning reviews, training, voice, data),
and the hotspots: themes that recur across several pieces of evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from scrutiny.tenancy.models import Board

from .models import Finding, FindingKind, Theme

# A theme is a hotspot when areas for improvement on it come from at least this many pieces of
# evidence (a review counts once, however many of its recommendations carry the theme).
HOTSPOT_SOURCES = 3

# Maps source ids to the piece of evidence they belong to, for sources whose records are
# parts of a larger one (a review's recommendations): registered by the source's app.
Grouper = Callable[[Iterable[int]], dict[int, str]]
_groupers: dict[str, Grouper] = {}


def register_evidence_group(model_label: str, grouper: Grouper) -> None:
    """`model_label` is "app_label.model"; `grouper` maps source ids to an evidence key."""
    _groupers[model_label] = grouper


@dataclass
class ThemeRow:
    theme: Theme
    by_year: list[int]
    total: int
    sources: int  # distinct pieces of evidence
    kinds: list[str]  # the kinds of source, for example "Case-file audit"
    hotspot: bool


@dataclass
class ThematicView:
    years: list[int]
    rows: list[ThemeRow]
    untagged: int


def _evidence_keys(findings: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(content type id, source id) -> the key of the piece of evidence it belongs to."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for type_id, source_id in findings:
        by_type[type_id].add(source_id)
    keys = {}
    for type_id, ids in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        label = f"{content_type.app_label}.{content_type.model}"
        grouped = _groupers[label](ids) if label in _groupers else {}
        for source_id in ids:
            keys[type_id, source_id] = grouped.get(source_id, f"{label}:{source_id}")
    return keys


def thematic_view(board: Board) -> ThematicView:
    """Areas for improvement per theme per year (the year each was found), the number of
    pieces of evidence each theme comes from, and the hotspots, from every source."""
    themes = list(Theme.objects.filter(board=board))
    rows_found = list(
        Finding.objects.filter(board=board, kind=FindingKind.AREA_FOR_IMPROVEMENT).values_list(
            "theme_id", "found_on", "source_type_id", "source_id"
        )
    )
    keys = _evidence_keys([(t, s) for _, _, t, s in rows_found])
    counts: Counter[tuple[int, int]] = Counter()
    evidence: dict[int, set[str]] = defaultdict(set)
    kinds: dict[int, set[str]] = defaultdict(set)
    years: set[int] = set()
    untagged = 0
    for theme_id, found_on, type_id, source_id in rows_found:
        if theme_id is None:
            untagged += 1
            continue
        counts[theme_id, found_on.year] += 1
        evidence[theme_id].add(keys[type_id, source_id])
        kinds[theme_id].add(_kind_label(type_id))
        years.add(found_on.year)
    ordered_years = sorted(years)
    rows = []
    for theme in themes:
        by_year = [counts[theme.pk, y] for y in ordered_years]
        if theme.retired and not any(by_year):
            continue
        n = len(evidence[theme.pk])
        rows.append(
            ThemeRow(theme, by_year, sum(by_year), n, sorted(kinds[theme.pk]), n >= HOTSPOT_SOURCES)
        )
    rows.sort(key=lambda r: (-r.sources, -r.total, r.theme.order, r.theme.name))
    return ThematicView(ordered_years, rows, untagged)


def _kind_label(type_id: int) -> str:
    finding = Finding(source_type=ContentType.objects.get_for_id(type_id))
    return finding.source_kind_label
