"""Pinned query count for the findings list, at two data sizes (see core/tests/query_counts.py):
SIZE challenges, audits and inspections, each with a finding (the challenge's with an action)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.audits.models import Audit
from scrutiny.challenges.models import Challenge
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.findings.models import FindingKind
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.inspections.models import Inspection
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role

TODAY = timezone.localdate()


@pytest.mark.parametrize("size", SIZES)
def test_findings_list(client, login, make_user, board, agency, size, django_assert_num_queries):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    tool = FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)
    neglect = board.themes.get(code="neglect")
    for n in range(size):
        challenge = Challenge.objects.create(
            board=board, to_agency=agency, issue=f"Issue {n}", raised_on=TODAY, response_due=TODAY
        )
        audit = Audit.objects.create(
            board=board,
            title=f"Audit {n}",
            theme=neglect,
            tool=tool,
            planned_quarter="2026 Q1",
            lead=make_user(Role.QA_MEMBER, board=board),
        )
        inspection = Inspection.objects.create(
            board=board, inspection_type="jtai", started_on=datetime.date(2026, 1, n + 1)
        )
        findings = [
            record_finding(
                board=board,
                source=source,
                kind=FindingKind.AREA_FOR_IMPROVEMENT,
                text=f"Finding {n}",
                theme=neglect,
            )
            for source in (challenge, audit, inspection)
        ]
        raise_action_from_finding(
            findings[0],
            title=f"Action {n}",
            owner=manager,
            agency=agency,
            due_date=TODAY,
            created_by=manager,
        )
    login(client, manager)
    url = reverse("findings:list", args=[board.slug])
    # the region's data version (the drawn list is kept against it), the kinds of source
    # (content types), the page of findings with their count (one query, a window count;
    # with theme, kind of source and recorder), their sources (one query for every kind, a
    # union: challenges, audits, inspections, each knowing the board; it was one query per
    # kind, and before that one per finding), the findings' actions, the themes to filter by
    # Asked again with nothing changed: the drawn list is kept, only the version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 6, BOARD_PAGE + 1, django_assert_num_queries)
