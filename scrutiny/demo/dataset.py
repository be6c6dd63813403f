"""Demo data set: two years of quarterly values (and two yearly ones) for every board, targets
for the latest period, and the plan's measures linked to indicators for the scorecards."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from scrutiny.dataset.board_data import current_data_set
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.periods import financial_year_start, parse_period
from scrutiny.library.models import IndicatorUnit, ReportingPeriod
from scrutiny.plan.models import Measure
from scrutiny.tenancy.models import Region

from .returns import _pick

CHILDREN = {"ashbourne": 62_000, "northvale": 118_000, "eastmoor": 41_000, "westbridge": 77_000}
# Typical levels: (rate or percentage, or count per 10,000 children for counts)
TYPICAL = {
    "percent": (55, 90),
    "rate_per_10000": (20, 160),
    "count": (5, 60),
}
SCORECARD_LINKS = {
    "Neglect": ["assessments-45-days", "cp-second-plans", "training-attendance"],
    "Domestic abuse": ["police-domestic-abuse-notifications", "re-referrals-12m"],
    "Child exploitation": ["missing-episodes", "missing-return-interviews"],
    "Voice of the child": ["cp-visits-in-time"],
}


def _quarters(today: datetime.date, count: int) -> list[str]:
    year, quarter = today.year, (today.month - 1) // 3  # the last finished quarter
    if quarter == 0:
        year, quarter = year - 1, 4
    labels = []
    for _ in range(count):
        labels.append(f"{year} Q{quarter}")
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return list(reversed(labels))


def _years(today: datetime.date, count: int) -> list[str]:
    last = financial_year_start(today) - 1  # the last finished year
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(last - count + 1, last + 1)]


@transaction.atomic
def create_demo_data_set(region: Region) -> None:
    data_set = current_data_set()
    if data_set is None:
        return
    today = timezone.localdate()
    periods = {ReportingPeriod.QUARTER: _quarters(today, 8), ReportingPeriod.YEAR: _years(today, 3)}
    values, targets = [], []
    for board in region.boards.all():
        children = Decimal(CHILDREN.get(board.slug, 60_000))
        for indicator in data_set.indicators.all():
            labels = periods.get(indicator.period)
            if not labels:
                continue
            low, high = TYPICAL[indicator.unit]
            level = low + _pick(board.slug, indicator.code) % (high - low)
            drift = (_pick(indicator.code, board.slug, "drift") % 5) - 2  # -2 .. +2 a period
            for n, label in enumerate(labels):
                wobble = (_pick(board.slug, indicator.code, label) % 7) - 3
                amount = Decimal(max(1, level + drift * n + wobble))
                if indicator.unit == IndicatorUnit.PERCENT:
                    denominator = Decimal(120 + _pick(board.slug, label) % 200)
                    numerator = (denominator * min(amount, Decimal(99)) / 100).quantize(Decimal(1))
                elif indicator.unit == IndicatorUnit.RATE_PER_10000:
                    denominator = children
                    numerator = (amount * children / 10_000).quantize(Decimal(1))
                else:
                    denominator = None
                    numerator = (amount * children / 10_000).quantize(Decimal(1))
                values.append(
                    IndicatorValue(
                        board=board,
                        indicator=indicator,
                        period_label=label,
                        period_end=parse_period(label, indicator.period).end,
                        numerator=numerator,
                        denominator=denominator,
                        source=ValueSource.IMPORT,
                    )
                )
            latest = values[-1].value or Decimal(0)
            better = 1 if indicator.higher_is_better else -1
            targets.append(
                Target(
                    board=board,
                    indicator=indicator,
                    period_label=labels[-1],
                    target=(
                        latest + better * Decimal(_pick(board.slug, indicator.code, "t") % 6 - 2)
                    ).quantize(Decimal(1)),
                    tolerance=Decimal(3),
                )
            )
        for priority in board.priorities.all():
            for code in SCORECARD_LINKS.get(priority.title, []):
                indicator = data_set.indicators.get(code=code)
                Measure.objects.create(
                    priority=priority,
                    category=indicator.oba,
                    description=indicator.name,
                    indicator_code=code,
                )
    IndicatorValue.objects.bulk_create(values)
    Target.objects.bulk_create(targets)
