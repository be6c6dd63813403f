"""The quarterly board pack: exception reporting, so the board spends its time on what is wrong.

Red indicators (data-set RAG), overdue actions (the tracker), late returns (completeness),
open challenges (the challenge log) and high risks (the risk register), as at the end of the
quarter, or today while the quarter is still running. Read in a fixed number of queries.

The page shows the first PAGE_ROWS of each long list with how many there are in all and a
link to the full list; the PDF and Word files (built in the background) list every one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import TruncDate
from django.template.defaultfilters import floatformat, truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString

from scrutiny.actions.models import Action
from scrutiny.audit.versions import kept_on_board
from scrutiny.challenges.models import Challenge
from scrutiny.core.lists import id_links
from scrutiny.core.rows import link, short_date, table_row, table_rows
from scrutiny.dataset.board_data import latest_readings
from scrutiny.dataset.periods import Period, parse_period
from scrutiny.library.data_set import current_indicators
from scrutiny.library.models import ReportingPeriod
from scrutiny.plan.models import Risk
from scrutiny.returns.models import ReturnRequest
from scrutiny.tenancy.models import Board

from .framework import day, show, unit

# Rows of each list shown on the page; the full list is a link away.
PAGE_ROWS = 20

# A risk scoring this much (likelihood × impact) is high on the usual 5 × 5 matrix.
HIGH_RISK_SCORE = 15


def quarter_of(today: datetime.date) -> str:
    return f"{today.year} Q{(today.month - 1) // 3 + 1}"


def parse_quarter(label: str) -> Period:
    """The quarter a label like 2026 Q3 names; BadPeriod (a ValueError) if it names none."""
    return parse_period(label, ReportingPeriod.QUARTER)


@dataclass
class BoardPack:
    board: Board
    quarter: Period
    as_of: datetime.date
    red_indicators: list[Any]
    overdue_actions: list[Action]
    late_returns: list[ReturnRequest]
    open_challenges: list[Challenge]
    high_risks: list[Risk]
    # How many of each there are in all (the lists may hold only the first few).
    overdue_count: int
    late_count: int
    challenge_count: int
    risk_count: int

    @property
    def exceptions(self) -> int:
        return (
            len(self.red_indicators)
            + self.overdue_count
            + self.late_count
            + self.challenge_count
            + self.risk_count
        )

    def page_rows(self) -> dict[str, SafeString]:
        """Each list's rows on the page (with links), drawn in Python: one `reverse` per
        list, not one per row, and no template lookups per cell."""
        slug = self.board.slug
        action, challenge = id_links("actions:detail", slug), id_links("challenges:detail", slug)
        agency_return = id_links("returns:detail", slug)
        risks = reverse("plan:risks", args=[slug]) + "#risk-table"
        return {
            "red_indicators": table_rows(
                table_row(
                    link(
                        reverse("dataset:indicator", args=[slug, r.indicator.code]),
                        r.indicator.name,
                    ),
                    r.latest_label,
                    floatformat(r.latest, 1),
                    floatformat(r.target, 1),
                )
                for r in self.red_indicators
            ),
            "overdue_actions": table_rows(
                table_row(
                    link(action(a.pk), a.title),
                    a.agency or "–",
                    (a.owner.full_name if a.owner else "") or "–",
                    short_date(a.due_date),
                )
                for a in self.overdue_actions
            ),
            "late_returns": table_rows(
                table_row(
                    link(
                        agency_return(r.agency_return_id),
                        f"{r.agency_return.title} {r.agency_return.period_label}",
                    ),
                    r.agency_return.agency,
                    short_date(r.due_date),
                    short_date(r.agency_return.first_submitted_at) or "Not yet",
                )
                for r in self.late_returns
            ),
            "open_challenges": table_rows(
                table_row(
                    short_date(c.raised_on),
                    c.to_agency,
                    link(challenge(c.pk), truncatechars(c.issue, 90)),
                    short_date(c.response_due),
                    f"Level {c.escalation_level}" if c.escalation_level else "Not escalated",
                )
                for c in self.open_challenges
            ),
            "high_risks": table_rows(
                table_row(link(risks, r.title), f"{r.score} (high)", short_date(r.review_date))
                for r in self.high_risks
            ),
        }

    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """Each exception list as (heading, header, rows) for the PDF and Word versions."""
        return [
            (
                "Red indicators",
                ["Indicator", "Period", "Value", "Target"],
                [
                    [
                        r.indicator.name,
                        r.latest_label,
                        show(r.latest, unit(r.indicator.factor)),
                        show(r.target, unit(r.indicator.factor)),
                    ]
                    for r in self.red_indicators
                ],
            ),
            (
                "Overdue actions",
                ["Action", "Agency", "Owner", "Due"],
                [
                    [
                        a.title,
                        a.agency.name if a.agency else "–",
                        a.owner.full_name if a.owner else "–",
                        day(a.due_date),
                    ]
                    for a in self.overdue_actions
                ],
            ),
            (
                "Late returns",
                ["Return", "Agency", "Due", "Received"],
                [
                    [
                        r.agency_return.title + " " + r.agency_return.period_label,
                        r.agency_return.agency.name,
                        day(r.due_date),
                        day(r.agency_return.first_submitted_at),
                    ]
                    for r in self.late_returns
                ],
            ),
            (
                "Open challenges",
                ["Raised", "To", "Issue", "Response due", "Escalation level"],
                [
                    [
                        day(c.raised_on),
                        c.to_agency.name,
                        c.issue,
                        day(c.response_due),
                        str(c.escalation_level),
                    ]
                    for c in self.open_challenges
                ],
            ),
            (
                "High risks",
                ["Risk", "Score (likelihood × impact)", "Review date"],
                [[r.title, f"{r.score} of 25", day(r.review_date)] for r in self.high_risks],
            ),
        ]


def _first(queryset: QuerySet, limit: int | None) -> tuple[list, int]:
    """(the first `limit` rows, or every row when `limit` is None; how many there are), in
    one query: each row carries the count of them all (a window over the whole result)."""
    if limit is None:
        rows = list(queryset)
        return rows, len(rows)
    rows = list(queryset.annotate(listed=Window(Count("pk")))[:limit])
    return rows, rows[0].listed if rows else 0


def late_requests(board: Board, quarter: Period, as_of: datetime.date) -> QuerySet[ReturnRequest]:
    """Returns the board asked for that are late: still outstanding past the due date
    (whenever it was due), or received late in this quarter. Read by the board's requests,
    their returns by primary key (`ReturnRequest.objects.of_board`), never the nation's."""
    received = TruncDate("agency_return__first_submitted_at", tzinfo=datetime.UTC)
    return (
        ReturnRequest.objects.of_board(board)
        .filter(due_date__lt=as_of)
        .annotate(received_on=received)
        .filter(
            Q(agency_return__first_submitted_at__isnull=True)
            | Q(received_on__gt=F("due_date"), due_date__gte=quarter.start)
        )
        .select_related(
            "agency_return__agency", "agency_return__template", "agency_return__subject"
        )
        .order_by("due_date", "agency_return__agency__name", "pk")
    )


LISTS = ("red_indicators", "overdue_actions", "late_returns", "open_challenges", "high_risks")


@dataclass(frozen=True)
class PackPage:
    """What the board pack page shows, as plain values and drawn rows: kept in the cache
    between views (`kept_pack_page`), with no record (nor any person's) copied into it."""

    quarter_label: str
    as_of: datetime.date
    exceptions: int
    shown: dict[str, int]  # how many rows of each list are on the page
    rows: dict[str, SafeString]  # each list's rows, drawn (`BoardPack.page_rows`)
    overdue_count: int
    late_count: int
    challenge_count: int
    risk_count: int


def pack_page(board: Board, quarter: Period, today: datetime.date, limit: int) -> PackPage:
    """The pack's page: its first `limit` rows of each long list, with the counts."""
    pack = board_pack(board, quarter, today, limit=limit)
    return PackPage(
        quarter_label=pack.quarter.label,
        as_of=pack.as_of,
        exceptions=pack.exceptions,
        shown={name: len(getattr(pack, name)) for name in LISTS},
        rows=pack.page_rows(),
        overdue_count=pack.overdue_count,
        late_count=pack.late_count,
        challenge_count=pack.challenge_count,
        risk_count=pack.risk_count,
    )


# Part of the page's cache key: change it when what a `PackPage` holds changes.
PAGE_CACHE_FORMAT = "1"


def kept_pack_page(board: Board, quarter: Period, today: datetime.date, limit: int) -> PackPage:
    """`pack_page`, kept in the cache until anything in the region changes (its audit log's
    newest entry, one query) or the day turns: the pack reads a dozen lists to draw a page
    that changes only when its records do."""
    return kept_on_board(
        board,
        f"reports:pack:{PAGE_CACHE_FORMAT}",
        lambda: pack_page(board, quarter, today, limit),
        vary=[quarter.start, today, limit],
        seconds=settings.SCRUTINY_REPORT_FIGURES_CACHE_SECONDS,
    )


def board_pack(
    board: Board, quarter: Period, today: datetime.date, *, limit: int | None = None
) -> BoardPack:
    """The pack; `limit` keeps only the first so many rows of each long list (with counts)."""
    as_of = min(today, quarter.end)
    # Only the latest value, target and RAG of each indicator are shown: no history.
    rows = latest_readings(board, list(current_indicators()), until=quarter.end)
    overdue, overdue_count = _first(
        Action.objects.filter(boards=board)
        .overdue(as_of)
        .select_related("agency", "owner")
        .order_by("due_date", "pk"),
        limit,
    )
    late, late_count = _first(late_requests(board, quarter, as_of), limit)
    challenges, challenge_count = _first(
        Challenge.objects.filter(board=board, closed_on__isnull=True, raised_on__lte=as_of)
        .select_related("to_agency")
        .order_by("response_due", "pk"),
        limit,
    )
    risks, risk_count = _first(
        Risk.objects.filter(board=board, closed=False)
        .annotate(product=F("likelihood") * F("impact"))
        .filter(product__gte=HIGH_RISK_SCORE)
        .order_by("-product", "pk"),
        limit,
    )
    return BoardPack(
        board=board,
        quarter=quarter,
        as_of=as_of,
        red_indicators=[r for r in rows if r.rag.word == "Red"],
        overdue_actions=overdue,
        late_returns=late,
        open_challenges=challenges,
        high_risks=risks,
        overdue_count=overdue_count,
        late_count=late_count,
        challenge_count=challenge_count,
        risk_count=risk_count,
    )
