"""The board's requests read through the board's return ids (`board_return_ids`,
`ReturnRequest.objects.of_board`): the board's own, never another board's."""

import datetime

from scrutiny.returns.models import AgencyReturn, ReturnRequest, board_return_ids
from scrutiny.returns.services import schedule_returns
from scrutiny.tenancy.models import Board


def test_a_boards_return_ids_are_the_returns_it_asked_for(
    police_return, s11, board, other_board, agency, manager
):
    schedule_returns(  # asked by the other board only
        board=other_board,
        template=s11,
        subject=None,
        period_label="2025-26",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        due_date=datetime.date(2026, 6, 30),
        agencies=[agency],
        requested_by=manager,
    )
    other_only = AgencyReturn.objects.get(agency=agency, period_label="2025-26")
    assert board_return_ids(board) == [police_return.pk]
    assert sorted(board_return_ids(other_board)) == sorted([police_return.pk, other_only.pk])


def test_of_board_is_the_boards_own_requests(police_return, board, other_board):
    mine = ReturnRequest.objects.of_board(board)
    assert [(r.board_id, r.agency_return_id) for r in mine] == [(board.pk, police_return.pk)]
    assert ReturnRequest.objects.of_board(other_board).get().board == other_board


def test_of_board_without_requests_is_empty(police_return, board):
    lonely = Board.objects.create(
        region=board.region, name="Lonely board", short_name="Lonely", slug="lonely"
    )
    assert board_return_ids(lonely) == []
    assert list(ReturnRequest.objects.of_board(lonely)) == []
