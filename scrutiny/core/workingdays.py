"""The platform's one working-day function: weekends and England and Wales bank holidays do
not count. Statutory return timeliness (assessments in 45 working days) and the statutory
clocks of serious incidents and rapid reviews all count with it."""

from __future__ import annotations

import bisect
import datetime
from functools import cache

# The class itself, not `holidays.UK`: that name loads the package's every country (some 280
# modules, 0.4 s) the first time it is called, which was the first request of each worker to
# count working days (a board home with statutory clocks). Imported here, it is loaded with
# the apps at start-up.
from holidays.countries.united_kingdom import UnitedKingdom

DAY = datetime.timedelta(days=1)


@cache
def _weekday_bank_holidays(first_year: int, last_year: int) -> list[datetime.date]:
    """England and Wales bank holidays falling on a weekday, sorted."""
    days = UnitedKingdom(subdiv="ENG", years=range(first_year, last_year + 1)).keys()
    return sorted(d for d in days if d.weekday() < 5)


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    bank = _weekday_bank_holidays(day.year, day.year)
    i = bisect.bisect_left(bank, day)
    return not (i < len(bank) and bank[i] == day)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`. The same day, or an earlier
    `end`, is 0. (Whole weeks are counted at once, so a large census does not step through
    every day.)"""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    days = weeks * 5
    for n in range(1, rest + 1):
        days += (start + datetime.timedelta(days=weeks * 7 + n)).weekday() < 5
    bank = _weekday_bank_holidays(start.year, end.year)
    return days - (bisect.bisect_right(bank, end) - bisect.bisect_right(bank, start))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The day `n` working days after `start` (before it, for negative `n`); `start` itself
    does not count, so `working_days(start, add_working_days(start, n)) == n` for n >= 0."""
    step = DAY if n >= 0 else -DAY
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day
