"""Pinned query count for the audit programme, at two data sizes (see core/tests/query_counts.py):
SIZE audits, each with a lead, a priority and an agency, over SIZE quarters."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.audits.models import Audit, AuditScope
from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page_afresh_and_kept
from scrutiny.findings.models import Theme
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.plan.models import Priority


@pytest.mark.parametrize("size", SIZES)
def test_audit_programme(client, login, make_user, board, agency, size, django_assert_num_queries):
    tool = FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)
    for n in range(size):
        priority = Priority.objects.create(
            board=board,
            title=f"Priority {n}",
            start_date=datetime.date(2026, 4, 1),
            end_date=datetime.date(2027, 3, 31),
        )
        earlier = Audit.objects.filter(board=board).first()
        Audit.objects.create(
            board=board,
            title=f"Audit {n}",
            theme=Theme.objects.get(board=board, code="neglect"),
            tool=tool,
            scope=AuditScope.SINGLE_AGENCY,
            agency=agency,
            planned_quarter=f"2026 Q{n + 1}",
            priority=priority,
            lead=make_user(Role.QA_MEMBER, board=board),
            re_audit_of=earlier,
        )
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    # the region's data version (the page's content is kept against it); the audits (with
    # board, lead, priority, agency, tool and theme: the board, for each audit's link, was one
    # query per audit before)
    url = reverse("audits:programme", args=[board.slug])
    # Shown again with nothing changed: the content is kept, only the data version is read.
    get_page_afresh_and_kept(client, url, BOARD_PAGE + 2, BOARD_PAGE + 1, django_assert_num_queries)
