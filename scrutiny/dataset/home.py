"""What the data set puts on the board home (registered from `DatasetConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from .board_data import IndicatorRow, current_data_set, latest_rags

RED = "red"  # the data set page's `?rag=red`


def red_rows(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators whose latest value is beyond its target's tolerance (MEASURES.md's red)."""
    return [r for r in rows if r.rag.colour == RED]


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """The data set page's red rows (`red_rows`) counted from the latest values only, a fixed
    number of queries: 1 the current data set, 1 its indicators, 2 `latest_rags`."""
    data_set = current_data_set()
    if data_set is None:
        return []
    rags = latest_rags(board, list(data_set.indicators.all()))
    red = sum(1 for r in rags.values() if r.colour == RED)
    url = reverse("dataset:data_set", args=[board.slug])
    return [HomeCount("red indicators", red, f"{url}?rag={RED}", alert=True)]
