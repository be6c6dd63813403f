"""`board_figures`: the board home's partner agencies and people with a role, in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny.pages.home import board_figures
from scrutiny.people.models import Role, RoleAssignment
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


def test_board_figures_count_the_boards_own_agencies_and_people_once(
    board, other_board, agency, other_agency, make_user
):
    school = Agency.objects.create(
        region=board.region, name="A school", agency_type=AgencyType.SCHOOLS
    )
    BoardAgency.objects.create(board=board, agency=school, statutory_partner=False)
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    RoleAssignment.objects.create(
        user=manager, role=Role.QA_MEMBER, region=board.region, board=board
    )  # a second role: still one person
    make_user(Role.VIEWER, board=board)
    make_user(Role.VIEWER, board=other_board)  # another board's: not counted
    with CaptureQueriesContext(connection) as queries:
        figures = board_figures(board)
    assert len(queries) == 1
    assert figures == {"total": 3, "statutory": 2, "people": 2}


def test_a_new_board_has_nothing_to_count(far_board):
    assert board_figures(far_board) == {"total": 0, "statutory": 0, "people": 0}
