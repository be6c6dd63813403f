"""Data-set indicators as impact measures (registered from `DatasetConfig.ready()`).

Each stored period is one value, dated by the period's end. "No change" is a difference
smaller than the indicator's trend minimum (`board_data.minimum_change`): the same change
that gets no trend arrow gets no improvement either.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.actions.impact import Point, Reading, split
from scrutiny.library.models import IndicatorUnit
from scrutiny.tenancy.models import Board

from .board_data import current_data_set, minimum_change, value_of
from .models import IndicatorValue

UNITS = {IndicatorUnit.PERCENT: "%", IndicatorUnit.RATE_PER_10000: " per 10,000"}


class IndicatorMeasures:
    key = "indicator"
    label = "Data-set indicator"

    def options(self, board: Board) -> list[tuple[str, str]]:
        data_set = current_data_set()
        if data_set is None:
            return []
        return [(i.code, i.name) for i in data_set.indicators.all()]

    def read(
        self, board: Board, reference: str, start: datetime.date, until: datetime.date | None
    ) -> Reading | None:
        data_set = current_data_set()
        indicator = data_set.indicators.filter(code=reference).first() if data_set else None
        if indicator is None:
            return None
        points = []
        for v in IndicatorValue.objects.filter(board=board, indicator=indicator):
            value = value_of(v, indicator)
            if value is not None:
                points.append(Point(value, v.period_end, v.period_label))
        before, now = split(points, start, until)
        return Reading(
            name=indicator.name,
            higher_is_better=indicator.higher_is_better,
            no_change_within=minimum_change(indicator),
            unit=UNITS.get(indicator.unit, ""),
            before=before,
            now=now,
            url=reverse("dataset:indicator", args=[board.slug, indicator.code]),
        )
