"""The data set as a source of findings: an indicator red for two periods running.

A board records such an indicator as an area for improvement from the indicator's page; the
finding sits on the value of the period that made it red for the second time, so it links
back to the indicator and the priorities whose measures follow it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from scrutiny.findings.models import Finding
from scrutiny.library.models import IndicatorDefinition, IndicatorUnit
from scrutiny.plan.models import Priority
from scrutiny.tenancy.models import Board

from .board_data import HeldValue, value_of
from .measures import rag
from .models import IndicatorValue, Target
from .periods import BadPeriod, parse_period

RED_PERIODS_FOR_A_FINDING = 2


@dataclass(frozen=True)
class RedPeriod:
    row: IndicatorValue
    value: Decimal
    target: Decimal


@dataclass(frozen=True)
class RedStreak:
    """Consecutive red periods ending with the indicator's latest, oldest first."""

    indicator: IndicatorDefinition
    periods: list[RedPeriod]

    @property
    def latest(self) -> IndicatorValue:
        return self.periods[-1].row

    def finding_text(self) -> str:
        shown = "; ".join(
            f"{p.row.period_label} {_show(p.value, self.indicator)} "
            f"against a target of {_show(p.target, self.indicator)}"
            for p in self.periods
        )
        return (
            f"{self.indicator.name} has been red for {len(self.periods)} periods running ({shown})."
        )


def _show(value: Decimal, indicator: IndicatorDefinition) -> str:
    if indicator.unit == IndicatorUnit.PERCENT:
        return f"{value:.1f}%"
    if indicator.unit == IndicatorUnit.RATE_PER_10000:
        return f"{value:.1f} per 10,000"
    return f"{value:.0f}"


def _start(row: IndicatorValue, indicator: IndicatorDefinition) -> datetime.date | None:
    try:
        return parse_period(row.period_label, indicator.period).start
    except BadPeriod:
        return None


def red_streak(
    board: Board,
    indicator: IndicatorDefinition,
    targets: dict[str, Target] | None = None,
    held: Sequence[HeldValue] | None = None,
) -> RedStreak | None:
    """The run of red periods ending with the latest value, if at least two long (`targets`:
    the board's targets for the indicator by period, and `held`: its values oldest first as
    `board_rows` read them, when the caller has read them; no query then).

    Each period is judged against its own target (RAG as MEASURES.md defines it); the run
    breaks at a period that is not red (amber, green, or grey for want of a value or target)
    and at a gap, where a period has no value at all.
    """
    rows: Iterable[IndicatorValue]
    if held is None:
        rows = IndicatorValue.objects.filter(board=board, indicator=indicator).order_by(
            "-period_end"
        )
    else:  # newest first, each made an instance only when the run reaches it
        rows = (v.stored() for v in reversed(held))
    if targets is None:
        targets = board_targets(board, indicator)
    run: list[RedPeriod] = []
    for row in rows:
        if run:
            newer_start = _start(run[-1].row, indicator)
            if newer_start is None or newer_start - datetime.timedelta(days=1) != row.period_end:
                break
        value = value_of(row, indicator)
        target = targets.get(row.period_label)
        judged = rag(
            value,
            target.target if target else None,
            target.tolerance if target else Decimal(0),
            indicator.higher_is_better,
        )
        if judged.word != "Red" or value is None or target is None:
            break
        run.append(RedPeriod(row, value, target.target))
    if len(run) < RED_PERIODS_FOR_A_FINDING:
        return None
    return RedStreak(indicator, list(reversed(run)))


def board_targets(board: Board, indicator: IndicatorDefinition) -> dict[str, Target]:
    """The board's targets for the indicator, by period label (one query)."""
    return {t.period_label: t for t in Target.objects.filter(board=board, indicator=indicator)}


def indicator_findings(board: Board, indicator: IndicatorDefinition) -> models.QuerySet[Finding]:
    """The findings recorded on any of the board's values of the indicator."""
    return Finding.objects.filter(
        board=board,
        source_type=ContentType.objects.get_for_model(IndicatorValue),
        source_id__in=IndicatorValue.objects.filter(board=board, indicator=indicator).values("pk"),
    ).select_related("recorded_by")


def priority_finding_sources(priority: Priority) -> Q:
    """Findings recorded on the board's values of the indicators a priority's measures
    follow: they belong on that priority's golden thread."""
    codes = [c for c in priority.measures.values_list("indicator_code", flat=True) if c]
    if not codes:
        return Q(pk__in=[])
    values = IndicatorValue.objects.filter(
        board_id=priority.board_id, indicator__code__in=codes
    ).values("pk")
    return Q(source_type=ContentType.objects.get_for_model(IndicatorValue), source_id__in=values)
