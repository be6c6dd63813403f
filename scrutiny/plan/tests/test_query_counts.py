"""Pinned query count for the plan page, at two data sizes (see core/tests/query_counts.py):
SIZE priorities, each led by a different person, with SIZE objectives that each raised an action
with an update."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action, ActionSource, ActionUpdate
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.plan.models import Objective, Priority


@pytest.mark.parametrize("size", SIZES)
def test_plan(client, login, make_user, board, agency, size, django_assert_num_queries):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    for n in range(size):
        priority = Priority.objects.create(
            board=board,
            title=f"Priority {n}",
            lead=make_user(Role.QA_MEMBER, board=board),
            start_date=datetime.date(2026, 4, 1),
            end_date=datetime.date(2027, 3, 31),
            order=n,
        )
        for o in range(size):
            objective = Objective.objects.create(
                priority=priority,
                title=f"Objective {n}.{o}",
                measure_of_success="80% of audited assessments use it",
                due_date=datetime.date(2027, 3, 31),
            )
            action = Action.objects.create(
                region=board.region,
                agency=agency,
                owner=manager,
                title=f"Action {n}.{o}",
                due_date=datetime.date(2026, 6, 1),
                source=ActionSource.BUSINESS_PLAN,
                source_object=objective,
            )
            action.boards.add(board)
            ActionUpdate.objects.create(action=action, author=manager, note="Started")
    login(client, manager)
    # the region's data version (the page's content is kept against it); the priorities (with
    # lead and objective count), their objectives, the objectives' actions (only what progress
    # counts: no owner, agency or updates); the objective's content type comes from Django's
    # cache, filled when the actions were raised above
    url = reverse("plan:plan", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 4, BOARD_PAGE + 1, django_assert_num_queries)
