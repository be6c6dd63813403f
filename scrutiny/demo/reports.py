"""A draft annual report for this financial year on every board, with some narrative written."""

from __future__ import annotations

from django.utils import timezone

from scrutiny.people.models import Role, User
from scrutiny.reports.models import year_label
from scrutiny.reports.services import save_narrative, start_report
from scrutiny.tenancy.models import Region

NARRATIVE = {
    "introduction": (
        "This has been a year of steady progress. Partners have kept their commitment to the "
        "board's priorities, and the board has held them to account through its returns, "
        "audits and challenge log.\n\n"
        "The figures in this report come straight from the board's records."
    ),
    "weaknesses": (
        "The red indicators and overdue actions listed below share a cause: demand at the "
        "front door rose faster than capacity, and some agencies were slow to return their "
        "Section 11 audits. The board will track both through next year's priorities."
    ),
}


def create_demo_reports(region: Region) -> None:
    year = year_label(timezone.localdate())
    for board in region.boards.all():
        manager = User.objects.filter(
            role_assignments__board=board, role_assignments__role=Role.BUSINESS_MANAGER
        ).first()
        report = start_report(board, year, manager)
        for key, text in NARRATIVE.items():
            save_narrative(report, key, text, manager)
