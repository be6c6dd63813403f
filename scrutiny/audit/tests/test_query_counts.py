"""Pinned query count for a board's audit log, at two data sizes (see
core/tests/query_counts.py): SIZE agencies joining the board and SIZE people given a role on it,
each an entry whose changes name other records (board, agency, region, user), and SIZE yearly
reports each with a narrative (whose entry names the report, whose name reads its board)."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.people.models import Role
from scrutiny.reports.models import NarrativeSection
from scrutiny.reports.services import start_report
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


@pytest.mark.parametrize("size", SIZES)
def test_audit_log(client, login, make_user, board, size, django_assert_num_queries):
    for n in range(size):
        agency = Agency.objects.create(
            region=board.region, name=f"Agency {n}", agency_type=AgencyType.OTHER
        )
        BoardAgency.objects.create(board=board, agency=agency)
        make_user(Role.QA_MEMBER, board=board)
        report = start_report(board, f"{2020 + n}-{21 + n}", None)
        NarrativeSection.objects.create(report=report, section_key="foreword", text=f"Text {n}")
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the drawn page of the log is kept against it), the record
    # types for the filter, the paginator's count of entries (from the board's links to
    # them), the page of entries (with actor and type), one query per kind of record named
    # in the page's changes (users, regions, agencies, yearly reports: each with the records
    # its name reads, such as a report's board, joined; not the board, which the page holds)
    # Shown again with nothing changed: the page of the log is kept, only the version is read.
    get_page_afresh_and_kept(
        client,
        reverse("audit:board_log", args=[board.slug]),
        BOARD_PAGE + 8,
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )
