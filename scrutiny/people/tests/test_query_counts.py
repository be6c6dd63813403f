"""Pinned query count for a board's people page, at two data sizes (see
core/tests/query_counts.py): SIZE agencies, each with a lead and a QA member on the board."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
def test_board_people(client, login, make_user, board, size, django_assert_num_queries):
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
        make_user(Role.AGENCY_LEAD, board=board, agency=agency)
        make_user(Role.QA_MEMBER, board=board)
        make_user(Role.REGIONAL_ADMIN, region=board.region)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("people:board_people", args=[board.slug])
    # the region's data version (the page's content is kept against it); the board's people,
    # their roles on the board (prefetched, with agency), the region's regional admins
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 4, BOARD_PAGE + 1, django_assert_num_queries)
