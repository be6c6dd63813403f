"""Shared pieces for statutory returns: safe XML, dates in both formats, working days."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from xml.etree.ElementTree import Element  # noqa: S405 - only the type; parsing uses defusedxml

import holidays
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as safe_fromstring


class ReturnFileError(ValueError):
    """A statutory return that cannot be read, with a message naming the file and reason."""


def parse_xml(name: str, data: bytes) -> Element:
    """Parse XML with no DTDs, no entity expansion and no external entities; drop namespaces."""
    try:
        root = safe_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReturnFileError(
            f"{name} declares a document type or entities, which statutory returns never need; "
            "it was not read"
        ) from exc
    except ParseError as exc:
        raise ReturnFileError(f"{name} is not well-formed XML: {exc}") from exc
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def parse_date(text: str | None) -> datetime.date | None:
    """xs:date (2024-03-31) or dd/mm/yyyy (903 CSVs and XML); None if blank or unreadable."""
    if not text or not text.strip():
        return None
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def parse_bool(text: str | None) -> bool | None:
    """true/false and 1/0 both occur."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None


def text_of(element: Element | None, tag: str) -> str | None:
    found = element.find(tag) if element is not None else None
    return found.text if found is not None and found.text is not None else None


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`: weekends and England and Wales
    bank holidays do not count. The same day is 0."""
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in _bank_holidays(day.year):
            days += 1
    return days


@dataclass(frozen=True)
class Quarter:
    label: str
    start: datetime.date
    end: datetime.date

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def calendar_quarters(first: datetime.date, last: datetime.date) -> list[Quarter]:
    """The whole calendar quarters lying within first..last."""
    quarters = []
    year, q = first.year, (first.month - 1) // 3 + 1
    while True:
        start = datetime.date(year, 3 * q - 2, 1)
        end = (datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - datetime.timedelta(
            days=1
        )
        if start > last:
            return quarters
        if start >= first and end <= last:
            quarters.append(Quarter(f"{year} Q{q}", start, end))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


@dataclass
class Computed:
    indicator: str
    period: str
    numerator: Decimal
    denominator: Decimal | None


@dataclass
class Computation:
    values: list[Computed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # records left out, with the reason
    # Periods the files were measured for, and periods they do not fully cover (label, reason).
    periods: list[str] = field(default_factory=list)
    not_covered: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self, indicator: str, period: str, numerator: int, denominator: int | Decimal | None
    ) -> None:
        self.values.append(
            Computed(
                indicator,
                period,
                Decimal(numerator),
                None if denominator is None else Decimal(denominator),
            )
        )


def rate_denominator(population: int | None) -> Decimal | None:
    return Decimal(population) if population else None


def count(items: Iterable[object]) -> int:
    return sum(1 for _ in items)
