"""Lists that grow (actions, returns, reviews, regional library): a page at a time, with the
filter in the address, exports that follow the filter, and a number of queries that does not
grow with the list (measured on a small list, pinned with django_assert_num_queries on one
several pages long)."""

from __future__ import annotations

import csv
import datetime
import io

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.actions.models import ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.core.lists import PAGE_SIZE
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.regional.models import Resource, ResourceStatus
from scrutiny.returns.services import schedule_returns
from scrutiny.reviews.models import Review, ReviewKind, ReviewStatus
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency

DAY = datetime.date(2026, 6, 1)
SMALL, LARGE = 3, 60  # LARGE: more than two pages of 25


def add_reviews(board, n, start=0):
    for i in range(start, start + n):
        Review.objects.create(
            board=board,
            kind=ReviewKind.LESSONS_LEARNED if i % 2 else ReviewKind.PRACTICE_REVIEW,
            reference=f"R{i:03d}",
            title=f"Review {i}",
            status=ReviewStatus.COMMISSIONED,
            commissioned_on=DAY - datetime.timedelta(days=i),
        )


def add_actions(board, agency, n, start=0):
    for i in range(start, start + n):
        raise_action(
            source=ActionSource.OTHER,
            source_object=board,
            source_key=f"list-{i}",
            source_label="Test",
            boards=[board],
            agency=agency if i % 2 else None,
            owner=None,
            title=f"Action {i}",
            description="",
            due_date=DAY + datetime.timedelta(days=i),
            created_by=None,
        )


def add_resources(board, n, start=0):
    for i in range(start, start + n):
        Resource.objects.create(
            region=board.region,
            contributed_by_board=board,
            title=f"Tool {i:03d}",
            description="A tool",
            status=ResourceStatus.PUBLISHED,
        )


def add_returns(board, manager, n, start=0):
    template = FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)
    agencies = []
    for i in range(start, start + n):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {i:03d}", agency_type=AgencyType.OTHER
        )
        BoardAgency.objects.create(board=board, agency=agency)
        agencies.append(agency)
    today = datetime.date.today()
    schedule_returns(
        board=board,
        template=template,
        subject=None,
        period_label="2026-27",
        period_start=DAY,
        period_end=DAY.replace(year=2027),
        due_date=today + datetime.timedelta(days=30),
        agencies=agencies,
        requested_by=manager,
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def signed_in(client, login, manager):
    login(client, manager)
    return client


LISTS = {
    "reviews": ("reviews:register", lambda w, n, s: add_reviews(w.board, n, s)),
    "actions": ("actions:tracker", lambda w, n, s: add_actions(w.board, w.agency, n, s)),
    "library": ("regional:library", lambda w, n, s: add_resources(w.board, n, s)),
    "returns": ("returns:list", lambda w, n, s: add_returns(w.board, w.manager, n, s)),
}


class World:
    def __init__(self, board, agency, manager):
        self.board, self.agency, self.manager = board, agency, manager


@pytest.mark.parametrize("name", LISTS)
def test_queries_do_not_grow_with_the_list(
    name, signed_in, board, agency, manager, django_assert_num_queries
):
    route, add = LISTS[name]
    world = World(board, agency, manager)
    url = reverse(route, args=[board.slug])
    add(world, SMALL, 0)
    queries_for(signed_in, url)  # warm: the session, content types, caches
    # Page 1 by another address: a list kept per address (the returns) is worked out afresh
    # here, as page 2 is below, so both count the list's own queries.
    small = queries_for(signed_in, url + "?page=1")
    add(world, LARGE - SMALL, SMALL)
    # What a page keeps until the region changes (the library's criteria picker) is worked
    # out again once after the additions; the list itself is what must not grow.
    queries_for(signed_in, url)
    with django_assert_num_queries(small):
        page = signed_in.get(url + "?page=2")
    # page 2 of a list several pages long shows the next PAGE_SIZE rows, with GOV.UK pages
    html = lxml.html.fromstring(page.content)
    assert html.xpath("//nav[contains(@class, 'govuk-pagination')]")
    assert html.xpath(
        "//nav[contains(@class, 'govuk-pagination')]//a[@aria-current='page']/text()"
    ) == ["2"]


def rows_of(response):
    html = lxml.html.fromstring(response.content)
    return html.xpath("//table[@id='review-register']/tbody/tr")


def test_review_register_filter_is_in_the_address_and_the_export_follows_it(signed_in, board):
    add_reviews(board, 60)  # even numbers: practice reviews (30), odd: lessons learned (30)
    url = reverse("reviews:register", args=[board.slug])
    first = signed_in.get(url + "?kind=lessons")
    html = lxml.html.fromstring(first.content)
    assert len(rows_of(first)) == PAGE_SIZE
    assert "30 reviews" in html.xpath("string(//table[@id='review-register']/caption)")
    # the page links keep the filter, so the filtered list can be bookmarked and shared
    next_link = html.xpath("//a[@rel='next']/@href")[0]
    assert next_link == "?kind=lessons&page=2"
    second = signed_in.get(url + next_link)
    assert len(rows_of(second)) == 30 - PAGE_SIZE
    exported = signed_in.get(url + "?kind=lessons&page=2&format=csv")
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    # every filtered row, not one page: 30 lessons-learned reviews and a header
    assert len(lines) == 31
    assert {line[2] for line in lines[1:]} == {"Lessons-learned review"}


def test_returns_list_filters_by_agency_and_exports_the_filter(signed_in, board, manager):
    add_returns(board, manager, 30)
    agency = Agency.objects.get(name="Agency 007")
    url = reverse("returns:list", args=[board.slug])
    page = lxml.html.fromstring(signed_in.get(url).content)
    assert len(page.xpath("//table[@id='returns-table']/tbody/tr")) == PAGE_SIZE
    one = lxml.html.fromstring(signed_in.get(f"{url}?agency={agency.pk}").content)
    cells = one.xpath("//table[@id='returns-table']/tbody/tr/td[1]/text()")
    assert cells == ["Agency 007"]
    exported = signed_in.get(f"{url}?agency={agency.pk}&format=csv")
    text = exported.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Agency", "Return", "Period"] and len(lines) == 2
    assert lines[1][0] == "Agency 007"
