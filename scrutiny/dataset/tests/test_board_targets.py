"""`board_targets`: the board's targets for one indicator, by period (the indicator page reads
them once for its chart and the red-for-two-periods rule)."""

from decimal import Decimal

from scrutiny.dataset.findings import board_targets
from scrutiny.dataset.models import Target
from scrutiny.library.data_set import current_data_set


def test_board_targets_are_the_boards_for_the_indicator(board, other_board):
    first, second = current_data_set().indicators.order_by("order")[:2]
    mine = Target.objects.create(board=board, indicator=first, period_label="2026 Q1", target=5)
    Target.objects.create(board=board, indicator=second, period_label="2026 Q1", target=6)
    Target.objects.create(board=other_board, indicator=first, period_label="2026 Q1", target=7)
    found = board_targets(board, first)
    assert found == {"2026 Q1": mine}
    assert found["2026 Q1"].target == Decimal(5)
