"""What the annual report puts on the board home (registered from `ReportsConfig.ready()`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from scrutiny.pages.home import HomeCount
from scrutiny.tenancy.models import Board

from .models import AnnualReport, ReportStatus


def board_counts(board: Board, today: datetime.date) -> list[HomeCount]:
    """No counts: the report's progress is a line (`progress`)."""
    return []


def progress(board: Board, today: datetime.date) -> list[dict]:
    """One query: the newest draft report, with how many narrative sections are written."""
    report = (
        AnnualReport.objects.filter(board=board, status=ReportStatus.DRAFT)
        .annotate(
            total=Count("narratives", distinct=True),
            written=Count("narratives", filter=~Q(narratives__text=""), distinct=True),
        )
        .order_by("-year", "-version")
        .first()
    )
    if report is None:
        return []
    return [
        {
            "text": f"Annual report {report.year} (draft, version {report.version})",
            "href": report.get_board_url(board),
            "detail": f"{report.written} of {report.total} narrative sections written",
        }
    ]
