"""Pinned query counts for core's pages, at two data sizes (see core/tests/query_counts.py)."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
def test_board_home(client, login, make_user, board, size, django_assert_num_queries):
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
        make_user(Role.QA_MEMBER, board=board)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the agency counts, the count of people, the five latest audit entries (with actor and
    # content type), the open serious incidents, the local reviews not yet published
    get_page(
        client,
        reverse("core:board_home", args=[board.slug]),
        BOARD_PAGE + 5,
        django_assert_num_queries,
    )
