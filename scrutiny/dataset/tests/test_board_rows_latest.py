"""`board_rows(latest_only=True)` (the board pack) reads each indicator's latest period alone and
gives the same latest value, target and RAG as the rows read with their whole history."""

import datetime
from decimal import Decimal

from scrutiny.dataset.board_data import board_rows
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.periods import parse_period
from scrutiny.library.models import IndicatorDefinition


def test_latest_only_matches_the_whole_history_up_to_a_day(board, other_board):
    indicators = list(
        IndicatorDefinition.objects.filter(template__code="common-data-set", period="quarter")
        .exclude(denominator="")
        .order_by("order")[:2]
    )
    first, second = indicators
    # first: 2025 Q4 40%, 2026 Q1 10%, 2026 Q2 70%; second: 2025 Q4 only, 55%.
    for indicator, label, numerator in [
        (first, "2025 Q4", 40),
        (first, "2026 Q1", 10),
        (first, "2026 Q2", 70),
        (second, "2025 Q4", 55),
    ]:
        for who in (board, other_board):
            IndicatorValue.objects.create(
                board=who,
                indicator=indicator,
                period_label=label,
                period_end=parse_period(label, "quarter").end,
                numerator=Decimal(numerator),
                denominator=Decimal(100),
                source=ValueSource.MANUAL,
            )
    for label in ("2026 Q1", "2026 Q2"):
        Target.objects.create(
            board=board, indicator=first, period_label=label, target=Decimal(50), tolerance=1
        )

    def seen(rows):
        return [(r.latest_label, r.latest, r.target, r.rag.word) for r in rows]

    until = datetime.date(2026, 3, 31)  # 2026 Q2 is after it
    whole = board_rows(board, indicators, until=until)
    latest = board_rows(board, indicators, until=until, latest_only=True)
    assert seen(latest) == seen(whole)
    # numerator / 100 × the indicator's factor (100 for a percentage, 10,000 for a rate)
    assert seen(latest)[0][:3] == ("2026 Q1", Decimal(10) * first.factor / 100, Decimal(50))
    assert seen(latest)[1][:3] == ("2025 Q4", Decimal(55) * second.factor / 100, None)
    assert [len(r.history) for r in latest] == [1, 1]
    assert [len(r.history) for r in whole] == [2, 1]
    newest = seen(board_rows(board, indicators, latest_only=True))[0]
    assert newest[:2] == ("2026 Q2", Decimal(70) * first.factor / 100)
