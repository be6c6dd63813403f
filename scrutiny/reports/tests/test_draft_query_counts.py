"""Pinned query counts for the annual report's draft page, at two data sizes (see
core/tests/query_counts.py): SIZE years of quarterly values for every data-set indicator (some
red, so they are charted), SIZE actions due in the year, challenges, risks and reviews with
recommendations. Gathering the figures (a cache miss) costs the same at both sizes; shown again
with nothing changed, the draft reads the cached figures and charts."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.periods import financial_year_start
from scrutiny.library.models import IndicatorDefinition, Polarity
from scrutiny.partnership.services import name_report_signer
from scrutiny.people.models import Role
from scrutiny.plan.models import Risk
from scrutiny.reports import services
from scrutiny.reviews.models import Recommendation, Review
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency

# What the draft page costs beyond the board page when its figures are cached but the page is
# not: the report, the newest audit entry (the drawn page's and the figures' cache key, read
# once), its narratives, the partners who sign (read once, for the checks, the sign-off and
# whether this person signs), the acknowledged checks, the approvals, the report settings
# (deadlines), and the year's versions (read once, for the other versions and the deadlines:
# the year's first published one among them).
HIT = 8
# Shown again with nothing changed: the drawn page is kept, so only the report (whether the
# person may read it) and the newest audit entry are read.
KEPT = 2
# Gathering every section's figures from the records, whatever their number (the Section 11
# figures read the scale's levels once, and a period's returns with their statuses in one query
# for the periods and the latest submitted: two fewer than before).
GATHER = 40


@pytest.fixture
def draft(make_user, board):
    def build(size):
        chair = make_user(Role.CHAIR, board=board)
        today = timezone.localdate()
        year = financial_year_start(today)
        for n in range(size):
            agency = Agency.objects.create(
                region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
            )
            BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
            action = Action.objects.create(
                region=board.region,
                agency=agency,
                owner=chair,
                title=f"Action {n}",
                due_date=datetime.date(year, 5, 1),
                source="other",
            )
            action.boards.add(board)
            Challenge.objects.create(
                board=board,
                to_agency=agency,
                raised_by=chair,
                issue=f"Issue {n}",
                raised_on=datetime.date(year, 5, 1),
                response_due=datetime.date(year, 6, 1),
            )
            Risk.objects.create(
                board=board,
                title=f"Risk {n}",
                cause="Cause",
                likelihood=4,
                impact=4,
                owner=chair,
                review_date=datetime.date(year, 12, 1),
            )
            review = Review.objects.create(
                board=board,
                kind="cspr",
                reference=f"CSPR {n}",
                title="A review",
                status="published",
                commissioned_on=datetime.date(year - 1, 5, 1),
                completed_on=datetime.date(year, 5, 1),
            )
            Recommendation.objects.create(review=review, number=1, text="Recommend")
        quarterly = IndicatorDefinition.objects.filter(
            template__code="common-data-set", period="quarter"
        )
        labels = [(f"{year - y} Q{q}", y, q) for y in range(size) for q in (1, 2, 3, 4)]
        for definition in quarterly:
            low = definition.polarity == Polarity.HIGHER_IS_BETTER
            for label, y, q in labels:
                IndicatorValue.objects.create(
                    board=board,
                    indicator=definition,
                    period_label=label,
                    period_end=datetime.date(year - y, 3 * q, 28),
                    numerator=Decimal(1) if low else Decimal(99),
                    denominator=Decimal(100) if definition.denominator else None,
                    source=ValueSource.MANUAL,
                )
            Target.objects.create(
                board=board,
                indicator=definition,
                period_label=f"{year} Q4",
                target=Decimal(50),
                tolerance=Decimal(1),
            )
        report = services.start_report(board, f"{year}-{(year + 1) % 100:02d}", chair)
        return chair, report

    return build


@pytest.mark.parametrize("size", SIZES)
def test_draft_gathered(client, login, board, draft, size, django_assert_num_queries):
    chair, report = draft(size)
    login(client, chair)
    cache.clear()
    url = reverse("reports:report", args=[board.slug, report.pk])
    response = get_page(client, url, BOARD_PAGE + HIT + GATHER, django_assert_num_queries)
    assert response.context["sections"]


@pytest.mark.parametrize("size", SIZES)
def test_draft_shown_again(client, login, board, draft, size, django_assert_num_queries):
    chair, report = draft(size)
    login(client, chair)
    url = reverse("reports:report", args=[board.slug, report.pk])
    client.get(url)
    get_page(client, url, BOARD_PAGE + KEPT, django_assert_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_draft_shown_again_to_someone_who_does_not_manage_it(
    client, login, make_user, board, agency, draft, size, django_assert_num_queries
):
    chair, report = draft(size)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)  # before: a new role is a change
    # The police's lead safeguarding partner, who signs the report for it, so sees the draft.
    name_report_signer(board, "police", lead)
    login(client, lead)
    url = reverse("reports:report", args=[board.slug, report.pk])
    client.get(url)
    # Whether they are named to sign (so see drafts) is kept with the page: the same two reads
    # as for the chair. An agency lead has no two-factor device to read (one query less).
    get_page(client, url, BOARD_PAGE - 1 + KEPT, django_assert_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_draft_drawn_for_other_grants_from_the_kept_figures(
    client, login, make_user, board, draft, size, django_assert_num_queries
):
    chair, report = draft(size)
    manager = make_user(Role.BUSINESS_MANAGER, board=board)  # before: a new role is a change
    login(client, chair)
    url = reverse("reports:report", args=[board.slug, report.pk])
    client.get(url)
    # Someone with other grants: the page is drawn for them, from the kept figures.
    login(client, manager)
    get_page(client, url, BOARD_PAGE + HIT, django_assert_num_queries)


def test_draft_links_its_charts_and_each_is_served_as_the_picture_of_its_figures(
    client, login, board, draft, make_user
):
    chair, report = draft(1)
    login(client, chair)
    page = client.get(reverse("reports:report", args=[board.slug, report.pk]))
    sections = page.context["sections"]
    charts = [chart for s in sections for chart in s.charts]
    assert charts
    html = page.content.decode()
    assert "data:image/png" not in html  # linked, not carried in the page
    address = reverse("reports:chart", args=[board.slug, report.pk, charts[0].digest])
    assert f'<img src="{address}"' in html
    picture = client.get(address)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert picture.content == charts[0].png  # the same PNG the PDF and Word files carry
    assert client.get(address.replace(charts[0].digest, "0" * 64)).status_code == 404
    # Only those who may read the draft see its charts.
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(address).status_code == 404
