"""Pinned query count for the quarterly board pack, at two data sizes (see
core/tests/query_counts.py): SIZE overdue actions, late returns, open challenges and high risks
(each with its own owner or agency), and SIZE red indicators."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import (
    BOARD_PAGE,
    SIZES,
    get_page,
    get_page_afresh_and_kept,
    same_but_csrf,
)
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.library.models import FrameworkTemplate, IndicatorDefinition, Polarity
from scrutiny.people.models import Role
from scrutiny.plan.models import Risk
from scrutiny.reports.models import AnnualReport
from scrutiny.returns.services import schedule_returns
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
def test_board_pack(client, login, make_user, board, size, django_assert_num_queries):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    agencies = []
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
        )
        BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
        agencies.append(agency)
        action = Action.objects.create(
            region=board.region,
            agency=agency,
            owner=make_user(Role.QA_MEMBER, board=board),
            title=f"Overdue {n}",
            due_date=datetime.date(2026, 7, 1),
        )
        action.boards.add(board)
        Challenge.objects.create(
            board=board,
            to_agency=agency,
            raised_by=manager,
            issue=f"Issue {n}",
            raised_on=datetime.date(2026, 9, 1),
            response_due=datetime.date(2026, 9, 30),
        )
        Risk.objects.create(
            board=board,
            title=f"Risk {n}",
            cause="Cause",
            likelihood=4,
            impact=4,
            owner=manager,
            review_date=datetime.date(2026, 12, 1),
        )
    schedule_returns(
        board=board,
        template=FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None),
        subject=None,
        period_label="2026-27",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31),
        due_date=datetime.date(2026, 8, 31),
        agencies=agencies,
        requested_by=manager,
    )
    # Red: a value well away from its target, in the pack's quarter.
    quarterly = IndicatorDefinition.objects.filter(
        template__code="common-data-set", period="quarter"
    ).order_by("order")[:size]
    for definition in quarterly:
        IndicatorValue.objects.create(
            board=board,
            indicator=definition,
            period_label="2026 Q3",
            period_end=datetime.date(2026, 9, 30),
            numerator=Decimal(1)
            if definition.polarity == Polarity.HIGHER_IS_BETTER
            else Decimal(99),
            denominator=Decimal(100) if definition.denominator else None,
            source=ValueSource.MANUAL,
        )
        Target.objects.create(
            board=board,
            indicator=definition,
            period_label="2026 Q3",
            target=Decimal(50),
            tolerance=Decimal(1),
        )
    login(client, manager)
    # the region's data version (the page is kept in the cache against it); the current data
    # set's indicators, each one's latest value in the quarter with its target; the overdue
    # actions (with agency and owner), the ids of the returns the board
    # asked for (so the late returns read them by primary key), the late returns (with return,
    # agency, template and subject), the open challenges (with agency), the high risks; each of
    # those four lists is shown only in part (its first rows), each row carrying the count of
    # them all
    response = get_page(
        client,
        reverse("reports:board_pack", args=[board.slug]),
        BOARD_PAGE + 8,
        django_assert_num_queries,
        params={"quarter": "2026 Q3"},
    )
    shown = response.context["pack"].shown
    assert shown["overdue_actions"] == shown["late_returns"] == size
    assert shown["open_challenges"] == shown["high_risks"] == shown["red_indicators"] == size
    # Shown again with nothing changed: the page is kept, only the data version is read.
    kept = get_page(
        client,
        reverse("reports:board_pack", args=[board.slug]),
        BOARD_PAGE + 1,
        django_assert_num_queries,
        params={"quarter": "2026 Q3"},
    )
    assert same_but_csrf(kept, response)


@pytest.mark.parametrize("size", SIZES)
def test_report_list(client, login, make_user, board, size, django_assert_num_queries):
    for n in range(size):
        AnnualReport.objects.create(board=board, year=f"{2020 + n}-{21 + n}")
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("reports:list", args=[board.slug])
    # the region's data version (the list is kept against it); the board's reports
    # Shown again with nothing changed: the list is kept, only the data version is read.
    listed = get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries
    )
    assert b"Start the report" in listed.content
    # Someone who does not manage: whether they are named to sign (the board's signatories,
    # its partners) is kept too, so a kept list costs them no more.
    # A viewer has no two-factor device to read (one query less than BOARD_PAGE). Afresh: the
    # data version; whether they are named (the board's signatories, its partners); the
    # published reports.
    login(client, make_user(Role.VIEWER, board=board))
    get_page_afresh_and_kept(
        client, url, BOARD_PAGE - 1 + 4, BOARD_PAGE - 1 + 1, django_assert_num_queries
    )
