"""Reporting periods named as people write them: 2026-27 (a financial year), 2026 Q3, 2026-10."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from scrutiny.library.models import ReportingPeriod


def financial_year_start(day: datetime.date) -> int:
    """The year a day's financial year (April to March) starts in: 2026 for 2026-27."""
    return day.year if day.month >= 4 else day.year - 1


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str


def parse_period(label: str, kind: str) -> Period:
    """The period a label names, for an indicator reported monthly, quarterly or yearly.

    Years are financial years (April to March); quarters are calendar quarters.
    """
    label = label.strip()
    if kind == ReportingPeriod.YEAR:
        m = re.fullmatch(r"(\d{4})-(\d{2})", label)
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            raise BadPeriod(f"'{label}' is not a financial year like 2026-27")
        year = int(m.group(1))
        return Period(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), label)
    if kind == ReportingPeriod.QUARTER:
        year, quarter = _quarter(label)
        first_month = 3 * quarter - 2
        last_day = calendar.monthrange(year, first_month + 2)[1]
        return Period(
            datetime.date(year, first_month, 1),
            datetime.date(year, first_month + 2, last_day),
            f"{year} Q{quarter}",
        )
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise BadPeriod(f"'{label}' is not a month like 2026-10")
    year, month = int(m.group(1)), int(m.group(2))
    return Period(
        datetime.date(year, month, 1),
        datetime.date(year, month, calendar.monthrange(year, month)[1]),
        label,
    )


def _quarter(label: str) -> tuple[int, int]:
    """The calendar year and quarter of "2026 Q3", or of a financial-year quarter such as
    "2024-25 Q1" (April to June 2024, stored as its calendar label "2024 Q2")."""
    m = re.fullmatch(r"(\d{4}) Q([1-4])", label)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"(\d{4})-(\d{2}) Q([1-4])", label)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        year, financial_quarter = int(m.group(1)), int(m.group(3))
        return (year + 1, 1) if financial_quarter == 4 else (year, financial_quarter + 1)
    raise BadPeriod(f"'{label}' is not a quarter like 2026 Q3 (or 2026-27 Q2)")


def financial_year_label(start_year: int) -> str:
    """2026 -> "2026-27"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_quarters(start_year: int) -> list[str]:
    """The calendar-quarter labels of a financial year, in order: April-June first."""
    return [f"{start_year} Q2", f"{start_year} Q3", f"{start_year} Q4", f"{start_year + 1} Q1"]


def canonical_label(label: str) -> str:
    """A quarter or financial year as stored ("2024-25 Q1" -> "2024 Q2"); other text as is."""
    for kind in (ReportingPeriod.QUARTER, ReportingPeriod.YEAR):
        try:
            return parse_period(label, kind).label
        except BadPeriod:
            continue
    return label
