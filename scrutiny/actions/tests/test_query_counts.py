"""Pinned query counts for the action tracker, at two data sizes (see core/tests/query_counts.py)."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role


@pytest.mark.parametrize("size", SIZES)
def test_action_tracker(client, login, make_user, board, agency, size, django_assert_num_queries):
    for n in range(size):
        action = Action.objects.create(
            region=board.region,
            agency=agency,
            owner=make_user(Role.QA_MEMBER, board=board),
            title=f"Action {n}",
            due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
        action.boards.add(board)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("actions:tracker", args=[board.slug])
    # the region's data version (the drawn tracker is kept against it), the page of actions
    # and how many there are in all (one query), the agencies filter, the owners filter (the
    # names the rows show: not joined to each action)
    # Asked again with nothing changed: the drawn tracker is kept, only the version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 4, BOARD_PAGE + 1, django_assert_num_queries)
