"""`read_sources`: a page of findings with their sources, one query for every kind of source,
each finding and source knowing the board, so their links read nothing more."""

import datetime

from django.urls import reverse

from scrutiny.challenges.models import Challenge
from scrutiny.findings.lists import read_sources
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.findings.services import record_finding
from scrutiny.inspections.models import Inspection

DAY = datetime.date(2026, 5, 1)


def test_sources_are_read_in_one_query_and_link_without_more_queries(
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
    with django_assert_num_queries(1):  # the challenges and the inspections, one union
        read_sources(findings, board)
    with django_assert_num_queries(0):
        urls = [f.source_url for f in findings]
    assert urls == [
        *(reverse("challenges:detail", args=[board.slug, c.pk]) for c in challenges),
        *(reverse("inspections:detail", args=[board.slug, i.pk]) for i in inspections),
    ]
    assert all(f.board is board and f.source.board is board for f in findings)


def test_a_finding_whose_source_is_gone_links_nowhere(board, agency, django_assert_num_queries):
    challenge = Challenge.objects.create(
        board=board, to_agency=agency, issue="Issue", raised_on=DAY, response_due=DAY
    )
    finding = record_finding(board=board, source=challenge, kind=FindingKind.STRENGTH, text="F")
    Challenge.objects.filter(pk=challenge.pk).delete()
    findings = [Finding.objects.get(pk=finding.pk)]
    read_sources(findings, board)
    with django_assert_num_queries(0):
        assert findings[0].source_url == ""
