"""Reporting completeness for the data set (MEASURES.md): values received ÷ expected × 100,
where an agency is expected to report each of its indicators for every period whose deadline
(ON_TIME_DAYS after the period's end) has come by today; on time when entered by then. Periods
not yet due are counted apart, as the returns' completeness does."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scrutiny.core.completeness import Receipts
from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Board

from .models import IndicatorValue
from .periods import parse_period

ON_TIME_DAYS = 30


@dataclass
class AgencyCompleteness(Receipts):
    agency: str = ""
    due_later: int = 0  # values for periods whose deadline is still to come
    received_early: int = 0  # of those, already entered


def deadline(label: str, period_kind: str) -> datetime.date:
    return parse_period(label, period_kind).end + datetime.timedelta(days=ON_TIME_DAYS)


def data_completeness(
    board: Board,
    indicators: list[IndicatorDefinition],
    periods: dict[str, list[str]],
    today: datetime.date,
) -> list[AgencyCompleteness]:
    """`periods` maps a reporting period kind (quarter, year) to the labels expected. Reads
    only the values of those periods, and works out each period's deadline once."""
    agencies = list(board.agencies.order_by("name"))
    labels = {label for kind_labels in periods.values() for label in kind_labels}
    values = {
        (indicator_id, label): entered_at
        for indicator_id, label, entered_at in IndicatorValue.objects.filter(
            board=board, indicator__in=indicators, period_label__in=labels
        )
        .order_by()
        .values_list("indicator_id", "period_label", "entered_at")
    }
    deadlines = {
        (kind, label): deadline(label, kind)
        for kind, kind_labels in periods.items()
        for label in kind_labels
    }
    rows: dict[str, AgencyCompleteness] = {}
    for agency in agencies:
        row = AgencyCompleteness(agency=agency.name)
        for indicator in indicators:
            if agency.agency_type not in indicator.reported_by:
                continue
            for label in periods.get(indicator.period, []):
                entered_at = values.get((indicator.pk, label))
                due = deadlines[indicator.period, label]
                if due > today:
                    row.due_later += 1
                    row.received_early += entered_at is not None
                    continue
                row.expected += 1
                if entered_at is None:
                    continue
                row.received += 1
                if entered_at.date() <= due:
                    row.on_time += 1
        if row.expected or row.due_later:
            rows[agency.name] = row
    return list(rows.values())
