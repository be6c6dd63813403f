"""Pinned query count for the challenge log, at two data sizes (see core/tests/query_counts.py):
SIZE open challenges between agencies, each raised by a different person."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role


@pytest.mark.parametrize("size", SIZES)
def test_challenge_log(
    client, login, make_user, board, agency, other_agency, size, django_assert_num_queries
):
    for n in range(size):
        Challenge.objects.create(
            board=board,
            from_agency=other_agency,
            to_agency=agency,
            raised_by=make_user(Role.CHAIR, board=board),
            issue=f"Issue {n}",
            raised_on=datetime.date(2026, 9, 1),
            response_due=datetime.date(2026, 9, 30),
            escalation_level=n % 2,
        )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the list is kept against it); the open challenges (with the
    # agency each is to)
    url = reverse("challenges:list", args=[board.slug])
    # Shown again with nothing changed: the list is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries)
