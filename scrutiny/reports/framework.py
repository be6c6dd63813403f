"""The yearly report's framework: the year reported on, the shape of a section's data, the
helpers that print figures, and the registry of section kinds. It imports no app.

A section *kind* is code: a key and a `gather(board, year)` function that reads the records
and returns plain, JSON-ready data in one shape::

    {
        "figures": {"meetings_held": 12, ...},        # raw numbers, checked by tests
        "summary": [["Meetings held", "12"], ...],     # key figures as shown, with units
        "tables": [{"caption": ..., "header": [...], "rows": [[...], ...]}],
        "charts": [{"title": ..., "labels": [...], "values": [...], "unit": "%"}],
        "notes": ["Nothing recorded for ..."],
        "problems": [{"code": ..., "text": ...}],     # what a reader could misread (checks)
    }

Every key is optional. Which sections a report has, in what order and under what headings,
is not code: it is a report structure in the library (`scrutiny/library/report_structures/`,
read by `reports.structures`), which names a kind for each heading.

Each app registers the kinds it owns from its `AppConfig.ready()`::

    from scrutiny.reports.framework import register_section_kind
    from .report import gather
    register_section_kind("reviews", gather)

so the app's `report.py` imports only this module, and this module imports no app.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

Data = dict[str, Any]
Gather = Callable[[Any, "ReportYear"], Data]

GENERIC_TEMPLATE = "reports/sections/_generic.html"


def financial_year(label: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a financial year written like 2026-27 (April to March)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", label.strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValidationError(f"'{label}' is not a financial year like 2026-27")
    year = int(m.group(1))
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


@dataclass(frozen=True)
class ReportYear:
    """The financial year reported on, and the day the figures are taken as of."""

    label: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date

    @classmethod
    def of(cls, label: str, today: datetime.date) -> ReportYear:
        start, end = financial_year(label)
        # A year still running is reported as of today; a finished one as of its last day.
        return cls(label, start, end, min(today, end))

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def ended(self) -> bool:
        return self.as_of >= self.end

    @property
    def quarters(self) -> list[str]:
        """The calendar-quarter labels (as audits are planned) that fall in the year."""
        y = self.start.year
        return [f"{y} Q2", f"{y} Q3", f"{y} Q4", f"{y + 1} Q1"]

    @property
    def next_label(self) -> str:
        y = self.start.year + 1
        return f"{y}-{(y + 1) % 100:02d}"


# --- printing figures ------------------------------------------------------------------------


def pct(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 1)


def show(value: Any, suffix: str = "") -> str:
    """A figure as printed: no value is a dash, numbers lose needless decimals."""
    if value is None:
        return "–"
    if isinstance(value, float | Decimal):
        number = round(float(value), 1)
        text = f"{number:.0f}" if number == int(number) else f"{number:.1f}"
        return text + suffix
    return f"{value}{suffix}"


def unit(factor: int) -> str:
    """The unit printed after an indicator's value: '%', ' per 10,000', or none for counts."""
    return {100: "%", 10_000: " per 10,000"}.get(factor, "")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 lay member', '2 lay members', 'no lay members'."""
    many = plural_form or singular + "s"
    if count == 0:
        return f"no {many}"
    return f"{count} {singular if count == 1 else many}"


def count_chart(title: str, counts: dict[str, int]) -> list[dict]:
    """A bar chart of counts by label for a section's "charts", or none when nothing counted."""
    if not counts:
        return []
    return [{"title": title, "labels": list(counts), "values": list(counts.values()), "unit": ""}]


def day(value: datetime.date | datetime.datetime | None) -> str:
    return f"{value:%-d %B %Y}" if value else "–"


def problem(code: str, text: str) -> dict[str, str]:
    """Something in a section's figures a reader could misread; the pre-publish check lists it."""
    return {"code": code, "text": text}


# --- the registry of section kinds -----------------------------------------------------------


@dataclass(frozen=True)
class SectionKind:
    key: str
    gather: Gather
    template: str = GENERIC_TEMPLATE


def gather_nothing(board: Any, year: ReportYear) -> Data:
    """A narrative-only section: no figures, only the text the partners write."""
    return {}


_KINDS: dict[str, SectionKind] = {
    "narrative": SectionKind("narrative", gather_nothing),
}


class UnknownSectionKind(LookupError):
    pass


def register_section_kind(key: str, gather: Gather, *, template: str = GENERIC_TEMPLATE) -> None:
    """Called from an app's `ready()`; registering the same function again is harmless."""
    existing = _KINDS.get(key)
    if existing is not None and existing.gather is not gather:
        raise ValueError(f"Section kind '{key}' is already registered by {existing.gather}")
    _KINDS[key] = SectionKind(key, gather, template)


def section_kind(key: str) -> SectionKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise UnknownSectionKind(f"No section kind '{key}' is registered") from None


def section_kinds() -> dict[str, SectionKind]:
    return dict(_KINDS)
