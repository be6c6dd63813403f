"""Pinned query counts for the data set's pages, at two data sizes (see
core/tests/query_counts.py): SIZE agencies on the board, and the board and SIZE other boards of
the region each holding a value (and the board a target) of every indicator for SIZE periods."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.dataset.models import IndicatorValue, Target, ValueSource
from scrutiny.dataset.periods import parse_period
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency

# The last full financial year's periods as the completeness page shows them by default
# (the tests run in December 2026 or later: see the page's own default).
QUARTERS = ["2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"]
YEARS = ["2022-23", "2023-24", "2024-25", "2025-26"]


def labels(definition, size):
    return (YEARS if definition.period == "year" else QUARTERS)[-size:]


@pytest.fixture
def data_of(client, login, make_user, board):
    def build(size):
        boards = [board] + [
            Board.objects.create(
                region=board.region, name=f"Board {n}", short_name=f"B{n}", slug=f"b{n}"
            )
            for n in range(size)
        ]
        agencies = []
        for n in range(size):
            agency = Agency.objects.create(
                region=board.region, name=f"Agency {n}", agency_type=AgencyType.POLICE
            )
            BoardAgency.objects.create(board=board, agency=agency, statutory_partner=True)
            agencies.append(agency)
        values = []
        definitions = list(IndicatorDefinition.objects.filter(template__code="common-data-set"))
        assert definitions
        for definition in definitions:
            for label in labels(definition, size):
                end = parse_period(label, definition.period).end
                for held_by in boards:
                    values.append(
                        IndicatorValue(
                            board=held_by,
                            indicator=definition,
                            period_label=label,
                            period_end=end,
                            numerator=Decimal(7),
                            denominator=Decimal(10) if definition.denominator else None,
                            source=ValueSource.MANUAL,
                        )
                    )
                Target.objects.create(
                    board=board, indicator=definition, period_label=label, target=Decimal(5)
                )
        IndicatorValue.objects.bulk_create(values)
        login(client, make_user(Role.BUSINESS_MANAGER, board=board))
        return definitions

    return build


@pytest.mark.parametrize("size", SIZES)
def test_data_set_table(client, board, data_of, size, django_assert_num_queries):
    data_of(size)
    # the region's data version (the drawn table is kept in the cache against it), the
    # current data set's indicators (the data set found in the same query), the board's
    # values, its targets, every board's values in the region (for the regional rank), the
    # board's local authorities with their board (for each authority's latest figure)
    # Shown again with nothing changed: the table is kept, only the data version is read.
    get_page_afresh_and_kept(
        client,
        reverse("dataset:data_set", args=[board.slug]),
        BOARD_PAGE + 6,
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("size", SIZES)
def test_completeness(client, board, data_of, size, django_assert_num_queries):
    data_of(size)
    # the region's data version (the drawn rows are kept against it), the data set
    # template, its indicators, the board's agencies, the board's values
    # Shown again with nothing changed: the rows are kept, only the data version is read.
    get_page_afresh_and_kept(
        client,
        reverse("dataset:completeness", args=[board.slug]),
        BOARD_PAGE + 5,
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("size", SIZES)
def test_indicator_page(client, board, data_of, size, django_assert_num_queries):
    definition = data_of(size)[0]
    url = reverse("dataset:indicator", args=[board.slug, definition.code])
    # the region's data version (the page below its title is kept in the cache against it),
    # the current data set's indicator (the data set found in the same query), the board's
    # targets (for the row, the chart and the red-for-two-periods rule), the board's values
    # (also given to that rule), the
    # region's values (for the rank), the region's values in the latest period (with board),
    # the board's statistical neighbours, the national figures, the findings recorded on the
    # board's values, whether breakdowns exist (disproportionality), the board's local
    # authorities with their board
    # Shown again with nothing changed: the drawn page is kept, only the data version is read.
    get_page_afresh_and_kept(
        client, url, BOARD_PAGE + 11, BOARD_PAGE + 1, django_assert_num_queries
    )
