"""What the data set puts on the board home (registered from `DatasetConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.library.data_set import current_indicators
from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from .board_data import IndicatorRow, latest_readings

RED = "red"  # the data set page's `?rag=red`


def red_rows(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators whose latest value is beyond its target's tolerance (MEASURES.md's red)."""
    return [r for r in rows if r.rag.colour == RED]


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """The data set page's red rows (`red_rows`) counted from the latest values only, a fixed
    number of queries: 1 the current data set's indicators, 1 `latest_readings`. Nothing when no
    data set is loaded."""
    indicators = list(current_indicators())
    if not indicators:
        return []
    red = sum(1 for r in latest_readings(board, indicators) if r.rag.colour == RED)
    url = reverse("dataset:data_set", args=[board.slug])
    return [HomeCount("red indicators", red, f"{url}?rag={RED}", alert=True)]
