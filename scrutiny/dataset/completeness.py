"""Reporting completeness for the data set (MEASURES.md): values received ÷ expected × 100,
where an agency is expected to report each of its indicators for every period; on time when
entered within ON_TIME_DAYS of the period's end."""

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


def data_completeness(
    board: Board, indicators: list[IndicatorDefinition], periods: dict[str, list[str]]
) -> list[AgencyCompleteness]:
    """`periods` maps a reporting period kind (quarter, year) to the labels expected."""
    agencies = list(board.agencies.order_by("name"))
    values = {
        (v.indicator_id, v.period_label): v
        for v in IndicatorValue.objects.filter(board=board, indicator__in=indicators).only(
            "indicator_id", "period_label", "period_end", "entered_at"
        )
    }
    rows: dict[str, AgencyCompleteness] = {}
    for agency in agencies:
        row = AgencyCompleteness(agency=agency.name)
        for indicator in indicators:
            if agency.agency_type not in indicator.reported_by:
                continue
            for label in periods.get(indicator.period, []):
                row.expected += 1
                value = values.get((indicator.pk, label))
                if value is None:
                    continue
                row.received += 1
                deadline = parse_period(label, indicator.period).end + datetime.timedelta(
                    days=ON_TIME_DAYS
                )
                if value.entered_at.date() <= deadline:
                    row.on_time += 1
        if row.expected:
            rows[agency.name] = row
    return list(rows.values())
