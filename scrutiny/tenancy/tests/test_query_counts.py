"""Pinned query count for a board's agencies page, at two data sizes (see
core/tests/query_counts.py): SIZE agencies on the board, each also serving another board."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.REGIONAL_ADMIN])
def test_board_agencies(
    client, login, make_user, board, other_board, size, role, django_assert_num_queries
):
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
        BoardAgency.objects.create(board=other_board, agency=agency)
    login(client, make_user(role, board=board, region=board.region))
    # A regional admin's grants name no board: the region's boards are read (one query), and
    # give the board by slug and the board switcher.
    shell = BOARD_PAGE + (1 if role == Role.REGIONAL_ADMIN else 0)
    # the region's data version (the page's content is kept against it); the board's
    # memberships (with agency, and how many boards each agency serves)
    url = reverse("tenancy:board_agencies", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, shell + 2, shell + 1, django_assert_num_queries)
