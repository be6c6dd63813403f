"""`read_sources`: a page of findings with their sources, one query per kind of source, each
finding and source knowing the board, so their links read nothing more."""

import datetime

from django.urls import reverse

from scrutiny.challenges.models import Challenge
from scrutiny.findings.lists import read_sources
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.findings.services import record_finding
from scrutiny.inspections.models import Inspection

DAY = datetime.date(2026, 5, 1)


def test_sources_are_read_once_per_kind_and_link_without_more_queries(
    board, agency, django_assert_num_queries
):
    challenges = [
        Challenge.objects.create(
            board=board, to_agency=agency, issue=f"Issue {n}", raised_on=DAY, response_due=DAY
        )
        for n in range(2)
    ]
    inspections = [
        Inspection.objects.create(board=board, inspection_type="jtai", started_on=DAY)
        for _ in range(2)
    ]
    for source in [*challenges, *inspections]:
        record_finding(board=board, source=source, kind=FindingKind.STRENGTH, text="Found")
    findings = list(Finding.objects.filter(board=board).order_by("pk"))
    with django_assert_num_queries(2):  # the challenges, the inspections
        read_sources(findings, board)
    with django_assert_num_queries(0):
        urls = [f.source_url for f in findings]
    assert urls == [
        *(reverse("challenges:detail", args=[board.slug, c.pk]) for c in challenges),
        *(reverse("inspections:detail", args=[board.slug, i.pk]) for i in inspections),
    ]
    assert all(f.board is board and f.source.board is board for f in findings)
