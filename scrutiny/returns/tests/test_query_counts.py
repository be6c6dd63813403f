"""Pinned query counts for the returns list and the Section 11 heat map, at two data sizes
(see core/tests/query_counts.py): SIZE agencies, each with a submitted Section 11 return."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.findings.services import record_finding
from scrutiny.people.models import Role
from scrutiny.returns.models import Inspection, Inspectorate
from scrutiny.returns.services import schedule_returns
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency

from .conftest import answers_post, edit_url, level


@pytest.fixture
def returns_of(client, login, make_user, board, s11, manager):
    def build(size):
        agencies = []
        for n in range(size):
            agency = Agency.objects.create(
                region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
            )
            BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
            agencies.append(agency)
        schedule_returns(
            board=board,
            template=s11,
            subject=None,
            period_label="2026-27",
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2027, 3, 31),
            due_date=datetime.date(2026, 12, 31),
            agencies=agencies,
            requested_by=manager,
        )
        for agency in agencies:
            login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
            submitted = client.post(
                edit_url(board, agency.returns.get()),
                answers_post(s11, intent="submit", below={"s11-1-2": "partially-met"}),
            )
            assert submitted.status_code == 302
            inspection = Inspection.objects.create(
                board=board,
                agency=agency,
                section=s11.sections.get(code="senior-management"),
                judgement=level(s11, "not-met"),
                inspectorate=Inspectorate.HMICFRS,
                inspected_on=datetime.date(2026, 5, 1),
            )
            record_finding(board=board, source=inspection, kind="improvement", text="Found wanting")
        client.logout()
        login(client, manager)

    return build


@pytest.mark.parametrize("size", SIZES)
def test_returns_list(client, board, returns_of, size, django_assert_num_queries):
    returns_of(size)
    # the region's data version (the drawn list is kept against it), the ids of the returns
    # the board asked for (so each query below reads those returns by primary key, not the
    # nation's), the periods and agencies asked for (one query, for the filters), every
    # request the filter selects as values (the completeness summary counts them all; the
    # page of the table is sliced from them, so no count query)
    # Shown again with nothing changed: the list is kept, only the version is read.
    get_page_afresh_and_kept(
        client,
        reverse("returns:list", args=[board.slug]),
        BOARD_PAGE + 4,
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("size", SIZES)
def test_section_11_heat_map(client, board, returns_of, size, django_assert_num_queries):
    returns_of(size)
    # the region's data version (the drawn comparison is kept against it), the Section 11
    # template, the board's agencies, the ids of the returns this board asked for, those
    # returns' periods and statuses (one query: periods and the latest submitted), the
    # inspection findings (with agency, judgement and section: the agency was one query per
    # finding before) and their findings (prefetched), the template's sections, the agencies'
    # returns in the period, the scale's levels (read once, given to the scoring), the rated
    # answers (as values). Not read for a board: the agencies' boards, who else asked.
    # Shown again with nothing changed: the comparison is kept, only the version is read.
    get_page_afresh_and_kept(
        client,
        reverse("returns:section_11", args=[board.slug]),
        BOARD_PAGE + 11,
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )
