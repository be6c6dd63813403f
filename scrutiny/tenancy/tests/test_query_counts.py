"""Pinned query count for a board's agencies page, at two data sizes (see
core/tests/query_counts.py): SIZE agencies on the board, each also serving another board."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
def test_board_agencies(
    client, login, make_user, board, other_board, size, django_assert_num_queries
):
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
        BoardAgency.objects.create(board=other_board, agency=agency)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the page's content is kept against it); the board's memberships (with agency, and how many boards each agency serves)
    url = reverse("tenancy:board_agencies", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries)
