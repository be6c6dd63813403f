"""Pinned query count for the engagement register, at two data sizes (see
core/tests/query_counts.py): SIZE activities with children, each serving a priority and
recorded by a different person."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.plan.models import Priority
from scrutiny.voice.models import ActivityKind, EngagementActivity, Level, Voice


@pytest.mark.parametrize("size", SIZES)
def test_engagement_register(client, login, make_user, board, size, django_assert_num_queries):
    for n in range(size):
        EngagementActivity.objects.create(
            board=board,
            voice=Voice.CHILDREN,
            kind=ActivityKind.CONSULTATION,
            level=Level.STRATEGIC,
            title=f"Activity {n}",
            held_on=datetime.date(2026, 5, 1 + n),
            participants=10 + n,
            priority=Priority.objects.create(
                board=board,
                title=f"Priority {n}",
                start_date=datetime.date(2026, 4, 1),
                end_date=datetime.date(2027, 3, 31),
            ),
            you_said="More time with the same worker",
            we_did="Changed the allocation rules",
            recorded_by=make_user(Role.QA_MEMBER, board=board),
        )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the page's content is kept against it); the children's activities (with priority and who recorded them)
    url = reverse("voice:register", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries)
