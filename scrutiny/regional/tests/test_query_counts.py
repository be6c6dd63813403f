"""Pinned query counts for the regional report and the regional library's search, at two data
sizes (see core/tests/query_counts.py): SIZE more boards in the region, each self-assessed, with
an indicator value and an agency's submitted Section 11 return; SIZE published resources, each
contributed by a board and tied to a criterion."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import (
    BOARD_PAGE,
    REGION_PAGE,
    SIZES,
    get_page,
    get_page_afresh_and_kept,
    same_but_csrf,
)
from scrutiny.library.models import FrameworkTemplate, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.regional.models import Resource, ResourceStatus
from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency

from .test_regional import grade_board, submitted_return, value


@pytest.fixture
def region_of(make_user, board):
    def build(size):
        ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
        user = make_user(Role.BUSINESS_MANAGER, board=board)
        criterion = TemplateQuestion.objects.get(section__template=ofsted, number="85")
        for n in range(size):
            extra = Board.objects.create(
                region=board.region, name=f"Board {n}", short_name=f"B{n}", slug=f"b{n}"
            )
            grade_board(extra, ofsted, user, {"77": "Good", "80": "Outstanding"})
            value(extra, "re-referrals-12m", 10 + n, 100)
            agency = Agency.objects.create(
                region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
            )
            BoardAgency.objects.create(board=extra, agency=agency, statutory_partner=True)
            submitted_return(agency, "fully-met", [extra])
            resource = Resource.objects.create(
                region=board.region,
                title=f"Neglect toolkit {n}",
                description="Tools for neglect cases",
                themes=["neglect"],
                contributed_by_board=extra,
                status=ResourceStatus.PUBLISHED,
            )
            resource.criteria.add(criterion)

    return build


@pytest.mark.parametrize("size", SIZES)
def test_regional_report(
    client, login, make_user, board, region_of, size, django_assert_num_queries
):
    region_of(size)
    login(client, make_user(Role.REGIONAL_ADMIN, region=board.region))
    url = reverse("regional:region_report", args=[board.region.slug])
    # the newest audit log entry of the region (the kept tables' version); the report
    # worked out: the region's boards; the data set template, its indicators, the values of
    # each indicator's latest period in the region (one query), the national figures; the
    # Section 11 template, the region's agencies, their requested returns (once: periods with
    # statuses, for the period shown), the template's sections, the returns in the period,
    # their requests, the scale's levels (read once), the rated answers; the Ofsted
    # template, the region's self-assessments, the criteria, the scale's levels, the graded
    # answers
    # Shown again with nothing changed: the audit log's newest entry, then the kept tables.
    get_page_afresh_and_kept(
        client, url, REGION_PAGE + 19, REGION_PAGE + 1, django_assert_num_queries
    )


@pytest.mark.parametrize("size", SIZES)
def test_regional_report_through_a_board(
    client, login, make_user, board, region_of, size, django_assert_num_queries
):
    region_of(size)
    login(client, make_user(Role.CHAIR, board=board))
    url = reverse("regional:board_report", args=[board.slug])
    # the region's data version, then the report worked out as on the region's page
    # Shown again with nothing changed: only the data version is read.
    get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 19, BOARD_PAGE + 1, django_assert_num_queries
    )


@pytest.mark.parametrize("size", SIZES)
def test_regional_library_search(
    client, login, make_user, board, region_of, size, django_assert_num_queries
):
    region_of(size)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("regional:library", args=[board.slug])
    client.get(url)  # the criteria offered by the search form, read once and kept (cached)
    # the region's data version (which names the kept search and the kept criteria), the
    # matching resources (with the board that contributed each)
    params = {"q": "neglect", "theme": "neglect"}
    response = get_page(client, url, BOARD_PAGE + 2, django_assert_num_queries, params=params)
    assert response.content.decode().count("Neglect toolkit") == size
    # Searched again with nothing changed: the drawn search is kept, only the version is read.
    kept = get_page(client, url, BOARD_PAGE + 1, django_assert_num_queries, params=params)
    assert same_but_csrf(kept, response)
