"""What the data set puts on the board home (registered from `DatasetConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from .board_data import IndicatorRow, board_rows, current_data_set

RED = "red"  # the data set page's `?rag=red`


def red_rows(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators whose latest value is beyond its target's tolerance (MEASURES.md's red)."""
    return [r for r in rows if r.rag.colour == RED]


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """The data set page's own reading, a fixed number of queries: 1 the current data set,
    1 its indicators, 1 the board's values, 1 its targets, 1 the region's latest values."""
    data_set = current_data_set()
    if data_set is None:
        return []
    rows = board_rows(board, list(data_set.indicators.all()))
    url = reverse("dataset:data_set", args=[board.slug])
    return [HomeCount("red indicators", len(red_rows(rows)), f"{url}?rag={RED}", alert=True)]
