"""Demo data set: two years of quarterly values (and two yearly ones) for every board, targets
for the latest period, and the plan's measures linked to indicators for the scorecards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from scrutiny.dataset.board_data import current_data_set
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.national import load_national_figures, parse_dfe_csv, set_neighbours
from scrutiny.dataset.periods import financial_year_start, parse_period
from scrutiny.library.models import FrameworkTemplate, IndicatorUnit, ReportingPeriod
from scrutiny.people.models import Role
from scrutiny.plan.models import Measure
from scrutiny.tenancy.models import Board, Region

from .returns import _pick

CHILDREN = {"ashbourne": 62_000, "northvale": 118_000, "eastmoor": 41_000, "westbridge": 77_000}


@dataclass(frozen=True)
class Level:
    """An indicator's England level and what its denominator counts, per 10,000 children.

    `england` is the published England figure for the year ending 31 March 2024 where the DfE
    publishes one (Children in need 2024; Children looked after in England 2024;
    explore-education-statistics.service.gov.uk), else a typical local figure (published=False).
    For a quarterly flow (referrals, section 47s, counts) the level is a quarter's: a quarter of
    the year's rate. `base` is the denominator per 10,000 children for a percentage (e.g. a
    quarter's referrals for re-referrals); `spread` is how far boards sit from England, as a
    fraction of the level.
    """

    england: float
    base: float = 0
    spread: float = 0.12
    published: bool = True
    per_year: int = 1  # 4 for a quarterly flow: the published year's figure is four quarters'


LEVELS: dict[str, Level] = {
    "early-help-assessments": Level(45, spread=0.25, published=False),
    "early-help-stepped-up": Level(12, base=40, spread=0.2, published=False),
    "contacts": Level(600, spread=0.2, published=False),
    "referrals-rate": Level(516.2 / 4, spread=0.15, per_year=4),  # 621,880 referrals in 2023-24
    "re-referrals-12m": Level(22.4, base=129, spread=0.12),  # 139,080 of 621,880 (22%)
    "assessments-45-days": Level(82.0, base=120, spread=0.08),
    "assessments-no-further-action": Level(29.0, base=120, spread=0.15),
    "section-47-rate": Level(180.0 / 4, spread=0.18, per_year=4),
    "icpc-15-days": Level(78.0, base=16, spread=0.1),
    "cp-plans-rate": Level(41.6, spread=0.2),  # children on a plan at 31 March 2024
    "cp-second-plans": Level(23.6, base=14, spread=0.15),
    "cp-plans-2-years": Level(3.8, base=14, spread=0.3),
    "cp-visits-in-time": Level(86.0, base=42, spread=0.06, published=False),
    "lac-rate": Level(70.0, spread=0.2),  # 83,630 children looked after at 31 March 2024
    "lac-placement-stability": Level(10.0, base=70, spread=0.15),
    "lac-health-assessments": Level(90.0, base=48, spread=0.05),
    "care-leavers-eet": Level(56.0, base=30, spread=0.1),
    "care-leavers-suitable-accommodation": Level(88.0, base=30, spread=0.05),
    "missing-episodes": Level(30, spread=0.25, published=False),
    "missing-return-interviews": Level(62.0, base=30, spread=0.12, published=False),
    "police-domestic-abuse-notifications": Level(70, spread=0.2, published=False),
    "police-protection-powers": Level(1.5, spread=0.3, published=False),
    "health-ed-attendances-self-harm": Level(9.0, spread=0.2, published=False),
    "education-persistent-absence": Level(45.0, base=30, spread=0.1),
    "training-attendance": Level(50, spread=0.25, published=False),
}
# Each board's council, with ONS-style codes that belong to no real council, and fictional
# statistical neighbours outside the region (the other demo boards are neighbours too).
LA_CODES = {
    "ashbourne": "E06009901",
    "northvale": "E10009902",
    "eastmoor": "E06009903",
    "westbridge": "E08009904",
}
OTHER_COUNCILS = {
    "E06009911": "Hartley",
    "E06009912": "Brookfield",
    "E10009913": "Kingsmere",
    "E08009914": "Carrow",
    "E06009915": "Stanmoor",
}


def _spread(level: Level, *parts: object) -> float:
    """A board's (or council's) stable offset from England: within ± `spread` of the level."""
    return 1 + level.spread * ((_pick(*parts) % 2001) / 1000 - 1)


def _value(level: Level, offset: float, n: int, drift: float, noise: int) -> float:
    """A value `n` periods in: the board's level, a gentle drift and a little noise."""
    return level.england * offset * (1 + drift * n) * (1 + (noise % 61 - 30) / 1000)


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
            level = LEVELS.get(indicator.code)
            if not labels or level is None:
                continue
            offset = _spread(level, board.slug, indicator.code)
            # Up to 0.8% a quarter (2% a year) either way: trends that show without leaping.
            per_period = 0.008 if indicator.period == ReportingPeriod.QUARTER else 0.02
            drift = per_period * ((_pick(indicator.code, board.slug, "drift") % 201) / 100 - 1)
            for n, label in enumerate(labels):
                amount = _value(level, offset, n, drift, _pick(board.slug, indicator.code, label))
                if indicator.unit == IndicatorUnit.PERCENT:
                    denominator = (children * Decimal(level.base) / 10_000).quantize(Decimal(1))
                    denominator = max(denominator, Decimal(1))
                    share = Decimal(str(min(amount, 99.5)))
                    numerator = (denominator * share / 100).quantize(Decimal(1))
                elif indicator.unit == IndicatorUnit.RATE_PER_10000:
                    denominator = children
                    numerator = (Decimal(str(amount)) * children / 10_000).quantize(Decimal(1))
                else:
                    denominator = None
                    numerator = (Decimal(str(amount)) * children / 10_000).quantize(Decimal(1))
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
            step = max(Decimal(1), (latest * Decimal("0.04")).quantize(Decimal(1)))
            targets.append(
                Target(
                    board=board,
                    indicator=indicator,
                    period_label=labels[-1],
                    # Some a little beyond the latest value, some a little short of it.
                    target=(
                        latest + better * step * (_pick(board.slug, indicator.code, "t") % 4 - 1)
                    ).quantize(Decimal("0.1")),
                    tolerance=step * 2,
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
    created = IndicatorValue.objects.bulk_create(values)
    # Entered 5 to 40 days after the period's end, so some arrive after the 30 days allowed.
    for v in created:
        days = 5 + _pick(v.board_id, v.indicator_id, v.period_label, "entered") % 36
        day = min(v.period_end + datetime.timedelta(days=days), today)
        v.entered_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    IndicatorValue.objects.bulk_update(created, ["entered_at"], batch_size=500)
    Target.objects.bulk_create(targets)
    create_demo_national_figures(region, data_set, periods[ReportingPeriod.YEAR])


def national_csv(indicator_code: str, years: list[str], boards: list[Board]) -> str:
    """England's and each council's figures in the DfE's published CSV layout."""
    level = LEVELS[indicator_code]
    rows = [HEADER]
    councils = {LA_CODES[b.slug]: b.local_authority for b in boards if b.slug in LA_CODES}
    councils.update(OTHER_COUNCILS)
    for n, year in enumerate(years):
        time_period = year[:4] + year[5:]
        # England moves a little year to year; the latest year is the published figure.
        england = level.england * level.per_year * (1 - 0.01 * (len(years) - 1 - n))
        rows.append(f"{time_period},Financial year,National,E92000001,,,,{england:.1f}\n")
        for code, name in sorted(councils.items()):
            offset = _spread(level, "council", code, indicator_code)
            value = f"{england * offset:.1f}"
            if name == "Stanmoor" and level.base and level.base < 20:
                value = "c"  # a small council's suppressed figure, as the DfE publishes it
            rows.append(
                f"{time_period},Financial year,Local authority,E92000001,{code},{name},,{value}\n"
            )
    return "".join(rows)


HEADER = (
    "time_period,time_identifier,geographic_level,country_code,new_la_code,la_name,"
    "old_la_code,value\n"
)


def create_demo_national_figures(
    region: Region, data_set: FrameworkTemplate, years: list[str]
) -> None:
    """England and council figures for the published indicators, loaded the way a regional
    admin loads a DfE file, and each board's council code and statistical neighbours."""
    boards = list(region.boards.all())
    admin = region.role_assignments.filter(role=Role.REGIONAL_ADMIN).select_related("user").first()
    user = admin.user if admin else None
    for indicator in data_set.indicators.all():
        level = LEVELS.get(indicator.code)
        if level is None or not level.published:
            continue
        name = f"demo_{indicator.code}.csv"
        parsed = parse_dfe_csv(name, national_csv(indicator.code, years, boards).encode(), "value")
        load_national_figures(
            region, indicator, parsed, source_file=name, value_column="value", user=user
        )
    codes = list(OTHER_COUNCILS)
    for board in boards:
        board.la_code = LA_CODES.get(board.slug, "")
        board.save(update_fields=["la_code"])
        others = [LA_CODES[b.slug] for b in boards if b.slug in LA_CODES and b.pk != board.pk]
        start = _pick(board.slug, "neighbours") % len(codes)
        neighbours = others + [codes[(start + i) % len(codes)] for i in range(3)]
        set_neighbours(board, neighbours, user)
