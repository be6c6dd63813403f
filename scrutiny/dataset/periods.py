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
        m = re.fullmatch(r"(\d{4}) Q([1-4])", label)
        if not m:
            raise BadPeriod(f"'{label}' is not a quarter like 2026 Q3")
        year, quarter = int(m.group(1)), int(m.group(2))
        first_month = 3 * quarter - 2
        last_day = calendar.monthrange(year, first_month + 2)[1]
        return Period(
            datetime.date(year, first_month, 1),
            datetime.date(year, first_month + 2, last_day),
            label,
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
