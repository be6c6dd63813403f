"""Pinned query count for the reviews register, at two data sizes (see
core/tests/query_counts.py): SIZE reviews, each naming SIZE agencies."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.reviews.models import Review, ReviewKind, ReviewStatus
from scrutiny.tenancy.models import Agency, AgencyType


@pytest.mark.parametrize("size", SIZES)
def test_reviews_register(client, login, make_user, board, size, django_assert_num_queries):
    agencies = [
        Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        for n in range(size)
    ]
    for n in range(size):
        review = Review.objects.create(
            board=board,
            kind=ReviewKind.PRACTICE_REVIEW,
            reference=f"CSPR-{n}",
            title=f"Review {n}",
            status=ReviewStatus.PUBLISHED,
            commissioned_on=datetime.date(2024, 9, 1),
            completed_on=datetime.date(2025, 3, 1),
            published_on=datetime.date(2025, 4, 1),
        )
        review.agencies.add(*agencies)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the page's content is kept against it); how many reviews the
    # filter selects (for the pages), and one page of them
    url = reverse("reviews:register", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 3, BOARD_PAGE + 1, django_assert_num_queries)
    # Another page or filter is drawn for itself, not taken from the first page's.
    get_page(client, url, BOARD_PAGE + 3, django_assert_num_queries, params={"page": 2})
