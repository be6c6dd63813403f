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


def test_the_home_counts_and_the_evidence_finder_read_only_the_boards_own_requests(
    police_return, s11, board, other_board, agency, manager
):
    from scrutiny.returns.home import board_counts
    from scrutiny.selfassessment.evidence import find_returns

    # Beside the shared 2026-27 return (a draft, due 31 December 2026 for both boards), the
    # other board alone asks for 2025-26, overdue by 1 July 2026: it counts for neither
    # `board`'s home nor its evidence.
    schedule_returns(
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
    counts = {c.label: c.count for c in board_counts(board, datetime.date(2026, 12, 5))}
    assert counts == {"overdue": 0, "due this month": 1}
    other = {c.label: c.count for c in board_counts(other_board, datetime.date(2027, 1, 5))}
    assert other == {"overdue": 2, "due this month": 0}
    found = find_returns(board, None)
    assert [c.obj for c in found] == [police_return]
    assert found[0].url == f"/b/{board.slug}/returns/{police_return.pk}/"
    # the other board's, newest period first
    assert [c.obj.period_label for c in find_returns(other_board, None)] == ["2026-27", "2025-26"]
