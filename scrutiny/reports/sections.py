"""The sections of the annual report: each gathers its figures from the records.

A section is a registry entry: a `key`, a `title`, a `gather(board, year)` function, and a
template fragment for the HTML preview and the PDF (`reports/sections/_generic.html` unless
the section names its own). The Word document is built from the same data
(`word.add_section`). `gather` returns plain, JSON-ready data in one shape:

    {
        "figures": {"meetings_held": 12, ...},        # raw numbers, checked by tests
        "summary": [["Meetings held", "12"], ...],     # key figures as shown
        "tables": [{"caption": ..., "header": [...], "rows": [[...], ...]}],
        "charts": [{"title": ..., "labels": [...], "values": [...], "unit": "%"}],
        "notes": ["Nothing recorded for ..."],
    }

Every key is optional. Every section also has a narrative the business manager writes
(`NarrativeSection`), shown after its figures; `narrative_only` sections have no figures.

Adding a section from another app (learning from reviews and child deaths, training
impact, the voice of children and staff) is one entry in `SECTIONS`, placed where it
belongs in the report::

    Section("reviews", "Learning from reviews and child deaths", reviews_gather)

where `reviews_gather(board: Board, year: ReportYear) -> dict` lives in that app (e.g.
`scrutiny/reviews/report.py`) and returns the shape above from its own records. Nothing
else changes: the narrative page, the preview, the PDF, the Word file and publishing all
work from the registry.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from scrutiny.actions.models import Action, ActionSource
from scrutiny.audits.models import Audit, AuditStatus, CaseStatus
from scrutiny.challenges.models import Challenge
from scrutiny.dataset.board_data import board_rows, current_data_set
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.governance.attendance import Rate, group_attendance
from scrutiny.governance.compliance import board_compliance
from scrutiny.library.models import FrameworkTemplate
from scrutiny.plan.golden_thread import board_progress
from scrutiny.plan.models import Priority
from scrutiny.returns.comparison import rating_matrix
from scrutiny.returns.completeness import completeness
from scrutiny.returns.models import ReturnRequest
from scrutiny.tenancy.models import Agency, Board

from .models import financial_year

SECTION_11_CODE = "section-11-audit"
SCHOOL_AUDIT_CODE = "school-safeguarding-audit"
# At most this many red indicators get a chart of their history each.
RED_INDICATOR_CHARTS = 4

Data = dict[str, Any]


@dataclass(frozen=True)
class ReportYear:
    """The financial year reported on, and the day the figures are taken as of."""

    label: str
    start: datetime.date
    end: datetime.date
    as_of: datetime.date

    @classmethod
    def of(cls, label: str, today: datetime.date) -> ReportYear:
        start, end = financial_year(label)
        # A year still running is reported as of today; a finished one as of its last day.
        return cls(label, start, end, min(today, end))

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def quarters(self) -> list[str]:
        """The calendar-quarter labels (as audits are planned) that fall in the year."""
        y = self.start.year
        return [f"{y} Q2", f"{y} Q3", f"{y} Q4", f"{y + 1} Q1"]

    @property
    def next_label(self) -> str:
        y = self.start.year + 1
        return f"{y}-{(y + 1) % 100:02d}"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    gather: Callable[[Board, ReportYear], Data]
    template: str = "reports/sections/_generic.html"
    narrative_hint: str = ""
    narrative_only: bool = False


def pct(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 1)


def show(value: Any, suffix: str = "") -> str:
    """A figure as printed: no value is a dash, numbers lose needless decimals."""
    if value is None:
        return "–"
    if isinstance(value, float | Decimal):
        number = round(float(value), 1)
        text = f"{number:.0f}" if number == int(number) else f"{number:.1f}"
        return text + suffix
    return f"{value}{suffix}"


def count_chart(title: str, counts: dict[str, int]) -> list[dict]:
    """A bar chart of counts by label for a section's "charts", or none when nothing counted."""
    if not counts:
        return []
    return [{"title": title, "labels": list(counts), "values": list(counts.values()), "unit": ""}]


def day(value: datetime.date | datetime.datetime | None) -> str:
    return f"{value:%-d %B %Y}" if value else "–"


# --- the sections ---------------------------------------------------------------------------


def gather_nothing(board: Board, year: ReportYear) -> Data:
    return {}


def gather_governance(board: Board, year: ReportYear) -> Data:
    """The board and its sub-groups, meetings held in the year, and attendance by agency."""
    groups = list(
        board.groups.annotate(
            active_members=Count("members", filter=Q(members__active=True), distinct=True),
            meetings_in_year=Count(
                "meetings",
                filter=Q(meetings__held_on__gte=year.start, meetings__held_on__lte=year.end),
                distinct=True,
            ),
        )
    )
    main = next((g for g in groups if g.is_main_board), None)
    compliance = board_compliance(board)
    figures: Data = {
        "groups": len(groups),
        "meetings_held": sum(g.meetings_in_year for g in groups),
        "main_board_meetings": main.meetings_in_year if main else 0,
        "statutory_partners_missing": len(compliance.statutory_missing),
        "lay_members": compliance.lay_members,
        "members_not_inducted": len(compliance.not_inducted),
    }
    tables = [
        {
            "caption": "The board and its sub-groups",
            "header": ["Group", "Members", "Meetings in the year"],
            "rows": [[g.name, g.active_members, g.meetings_in_year] for g in groups],
        }
    ]
    charts = []
    overall = Rate()
    if main:
        attendance = group_attendance(main, year.start, year.end)
        # The board's overall rate: every active member's expected and attended meetings.
        overall.expected = sum(m.rate.expected for m in attendance.members)
        overall.attended = sum(m.rate.attended for m in attendance.members)
        tables.append(
            {
                "caption": "Attendance at board meetings by agency",
                "header": ["Agency", "Expected", "Attended", "Substitute", "Apologies", "Absent"]
                + ["Attendance rate"],
                "rows": [
                    [
                        name,
                        r.expected,
                        r.attended,
                        r.substitutes,
                        r.apologies,
                        r.absent,
                        show(r.rate, "%"),
                    ]
                    for name, r in attendance.agencies.items()
                ],
            }
        )
        charts.append(
            {
                "title": "Attendance rate at board meetings by agency (%)",
                "labels": list(attendance.agencies),
                "values": [pct(r.rate) for r in attendance.agencies.values()],
                "unit": "%",
            }
        )
        flagged = [m for m in attendance.members if m.flagged]
        figures["members_flagged"] = len(flagged)
    figures["attendance_expected"] = overall.expected
    figures["attendance_present"] = overall.attended
    figures["attendance_rate"] = pct(overall.rate)
    notes = []
    if compliance.statutory_missing:
        names = ", ".join(a.name for a in compliance.statutory_missing)
        notes.append(f"Statutory partners not on the board: {names}.")
    if compliance.lay_members_short:
        notes.append(f"The board has {compliance.lay_members} lay member(s); two are expected.")
    return {
        "figures": figures,
        "summary": [
            ["Meetings held (all groups)", show(figures["meetings_held"])],
            ["Board meetings", show(figures["main_board_meetings"])],
            ["Attendance at board meetings", show(figures["attendance_rate"], "%")],
            ["Lay members", show(figures["lay_members"])],
            ["Board members without an induction", show(figures["members_not_inducted"])],
        ],
        "tables": tables,
        "charts": charts,
        "notes": notes,
    }


def _priorities_in_year(board: Board, year: ReportYear) -> list[Priority]:
    return list(
        Priority.objects.filter(board=board, start_date__lte=year.end, end_date__gte=year.start)
    )


def gather_priorities(board: Board, year: ReportYear) -> Data:
    """Each priority's actions: how many, how many done and on time, how many overdue."""
    priorities = _priorities_in_year(board, year)
    progress = board_progress(priorities, year.as_of)
    objectives = dict(
        Priority.objects.filter(pk__in=[p.pk for p in priorities])
        .annotate(n=Count("objectives"))
        .values_list("pk", "n")
    )
    rows = []
    for p in priorities:
        pr = progress[p.pk]
        rows.append(
            [
                p.title,
                objectives.get(p.pk, 0),
                pr.total,
                pr.completed,
                show(pr.completed_share, "%"),
                show(pr.on_time_share, "%"),
                pr.overdue,
            ]
        )
    totals = {
        "priorities": len(priorities),
        "plan_actions": sum(pr.total for pr in progress.values()),
        "plan_actions_completed": sum(pr.completed for pr in progress.values()),
        "plan_actions_overdue": sum(pr.overdue for pr in progress.values()),
    }
    # Every action in the tracker due in the year, whatever raised it.
    by_source = (
        Action.objects.filter(boards=board, due_date__gte=year.start, due_date__lte=year.end)
        .values("source")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status="completed")),
            overdue=Count(
                "pk",
                filter=Q(status__in=["not_started", "in_progress"], due_date__lt=year.as_of),
            ),
        )
        .order_by("source")
    )
    labels = dict(ActionSource.choices)
    source_rows = [
        [labels.get(s["source"], s["source"]), s["total"], s["completed"], s["overdue"]]
        for s in by_source
    ]
    totals["actions_due_in_year"] = sum(r[1] for r in source_rows)
    totals["actions_due_in_year_completed"] = sum(r[2] for r in source_rows)
    return {
        "figures": totals,
        "summary": [
            ["Priorities", show(totals["priorities"])],
            ["Actions under the priorities", show(totals["plan_actions"])],
            ["Completed", show(totals["plan_actions_completed"])],
            ["Overdue", show(totals["plan_actions_overdue"])],
        ],
        "tables": [
            {
                "caption": "Progress against each priority",
                "header": [
                    "Priority",
                    "Objectives",
                    "Actions",
                    "Completed",
                    "Share completed",
                    "Completed on time",
                    "Overdue",
                ],
                "rows": rows,
            },
            {
                "caption": "Actions due in the year, by where they came from",
                "header": ["Source", "Actions", "Completed", "Overdue"],
                "rows": source_rows,
            },
        ],
        "charts": [
            {
                "title": "Share of each priority's actions completed (%)",
                "labels": [p.title for p in priorities],
                "values": [pct(progress[p.pk].completed_share) for p in priorities],
                "unit": "%",
            }
        ]
        if priorities
        else [],
    }


def _indicator_rows(board: Board, year: ReportYear):
    data_set = current_data_set()
    if data_set is None:
        return []
    return board_rows(board, list(data_set.indicators.all()), until=year.end)


def gather_data_set(board: Board, year: ReportYear) -> Data:
    """Latest value in the year for each indicator, with target, RAG, trend and benchmark."""
    rows = _indicator_rows(board, year)
    rag_counts = Counter(r.rag.word for r in rows)
    table = []
    for r in rows:
        suffix = "%" if r.indicator.factor == 100 else ""
        table.append(
            [
                r.indicator.name,
                r.latest_label or "–",
                show(r.latest, suffix),
                show(r.target, suffix),
                r.rag.word,
                r.trend.words if r.trend else "–",
                r.benchmark.rank_words if r.benchmark else "–",
                show(r.benchmark.median, suffix) if r.benchmark else "–",
                show(r.year_value(year.label)[0], suffix),
            ]
        )
    charts = [
        {
            "title": "Indicators by RAG rating",
            "labels": ["Green", "Amber", "Red", "No target", "No value"],
            "values": [
                rag_counts.get(w, 0) for w in ["Green", "Amber", "Red", "No target", "No value"]
            ],
            "unit": "",
        }
    ]
    for r in [r for r in rows if r.rag.word == "Red"][:RED_INDICATOR_CHARTS]:
        charts.append(
            {
                "title": f"{r.indicator.name} (red): values by period",
                "labels": [label for label, _ in r.history],
                "values": [pct(v) for _, v in r.history],
                "unit": "%" if r.indicator.factor == 100 else "",
            }
        )
    figures = {
        "indicators": len(rows),
        "with_values": sum(1 for r in rows if r.latest is not None),
        "green": rag_counts.get("Green", 0),
        "amber": rag_counts.get("Amber", 0),
        "red": rag_counts.get("Red", 0),
        "top_quartile": sum(1 for r in rows if r.benchmark and r.benchmark.quartile == 1),
    }
    return {
        "figures": figures,
        "summary": [
            ["Indicators", show(figures["indicators"])],
            ["Green", show(figures["green"])],
            ["Amber", show(figures["amber"])],
            ["Red", show(figures["red"])],
            ["In the region's best quarter", show(figures["top_quartile"])],
        ],
        "tables": [
            {
                "caption": "The common data set",
                "header": [
                    "Indicator",
                    "Period",
                    "Value",
                    "Target",
                    "RAG",
                    "Trend",
                    "Regional rank (quartile 1 = best)",
                    "Regional median of boards' values",
                    f"{year.label} (year total from the quarters, or as reported)",
                ],
                "rows": table,
            }
        ],
        "charts": charts,
    }


def _latest_template(code: str) -> FrameworkTemplate | None:
    return (
        FrameworkTemplate.objects.filter(code=code, owner_board__isnull=True)
        .order_by("-version")
        .first()
    )


def _matrix(board: Board, code: str, year: ReportYear):
    template = _latest_template(code)
    if template is None:
        return None, [], []
    agencies = list(Agency.objects.filter(memberships__board=board).order_by("name"))
    sections, rows = rating_matrix(template, agencies, year.label, board=board)
    return template, sections, rows


def gather_returns(board: Board, year: ReportYear) -> Data:
    """Section 11 and school audits asked for the year: completeness and standards met."""
    figures: Data = {}
    summary, tables, charts = [], [], []
    for code, name in [(SECTION_11_CODE, "section_11"), (SCHOOL_AUDIT_CODE, "school_audit")]:
        template, sections, rows = _matrix(board, code, year)
        if template is None:
            continue
        requests = ReturnRequest.objects.filter(
            board=board,
            agency_return__template__code=code,
            agency_return__period_label=year.label,
        )
        # The same rule as the returns page: only what was due by the report's date counts.
        counted = completeness(requests, year.as_of)
        tally = counted.total
        figures[f"{name}_due_later"] = len(counted.due_later)
        figures[f"{name}_expected"] = tally.expected
        figures[f"{name}_received"] = tally.received
        figures[f"{name}_on_time"] = tally.on_time
        figures[f"{name}_late"] = tally.late
        figures[f"{name}_completeness"] = pct(tally.completeness)
        summary.append(
            [
                f"{template.title}: received of those due by {year.as_of:%-d %B %Y}",
                f"{tally.received} of {tally.expected} ({show(tally.completeness, '%')})"
                + (f"; {len(counted.due_later)} more due later" if counted.due_later else ""),
            ]
        )
        standard_rows, means = [], []
        not_met = 0
        for i, section in enumerate(sections):
            scores = [r.cells[i].score for r in rows if r.cells[i].score is not None]
            bands = Counter(r.cells[i].band[0] for r in rows if r.cells[i].score is not None)
            mean = sum(scores) / len(scores) if scores else None
            not_met += bands.get("Weak", 0)
            means.append(pct(mean))
            standard_rows.append(
                [
                    section.title,
                    len(scores),
                    show(mean),
                    bands.get("Strong", 0),
                    bands.get("Partly met", 0),
                    bands.get("Weak", 0),
                ]
            )
        figures[f"{name}_agencies_rated"] = sum(1 for r in rows if r.overall is not None)
        figures[f"{name}_standards_not_met"] = not_met
        tables.append(
            {
                "caption": f"{template.title} {year.label}: standards across agencies",
                "header": [
                    "Standard",
                    "Agencies rated",
                    "Mean score (0 to 100)",
                    "Strong",
                    "Partly met",
                    "Weak",
                ],
                "rows": standard_rows,
            }
        )
        if any(m is not None for m in means):
            charts.append(
                {
                    "title": f"{template.title}: mean score by standard (0 to 100)",
                    "labels": [s.title for s in sections],
                    "values": means,
                    "unit": "",
                }
            )
    return {"figures": figures, "summary": summary, "tables": tables, "charts": charts}


def _year_audits(board: Board, year: ReportYear) -> list[Audit]:
    return list(
        Audit.objects.filter(board=board, planned_quarter__in=year.quarters)
        .select_related("theme")
        .annotate(
            completed_cases=Count(
                "cases",
                filter=Q(cases__status__in=[CaseStatus.COMPLETED, CaseStatus.MODERATED]),
            )
        )
    )


def gather_audits(board: Board, year: ReportYear) -> Data:
    """The year's audit programme, and what audits found in the year (by when it was recorded,
    so the findings of an audit planned the year before still count when they were made)."""
    audits = _year_audits(board, year)
    findings = list(
        Finding.objects.filter(
            board=board,
            source_type=ContentType.objects.get_for_model(Audit),
            recorded_at__date__gte=year.start,
            recorded_at__date__lte=year.end,
        )
        .select_related("theme")
        .order_by("kind", "theme", "pk")
    )
    per_audit: dict[int, Counter[str]] = defaultdict(Counter)
    for f in findings:
        per_audit[f.source_id][f.kind] += 1
    improvement_by_theme = Counter(
        f.theme_label or "No theme" for f in findings if f.kind == FindingKind.AREA_FOR_IMPROVEMENT
    )
    figures = {
        "audits": len(audits),
        "audits_complete": sum(1 for a in audits if a.status == AuditStatus.COMPLETE),
        "cases_audited": sum(a.completed_cases for a in audits),
        "strengths": sum(1 for f in findings if f.kind == FindingKind.STRENGTH),
        "areas_for_improvement": sum(
            1 for f in findings if f.kind == FindingKind.AREA_FOR_IMPROVEMENT
        ),
    }
    return {
        "figures": figures,
        "summary": [
            ["Audits in the year's programme", show(figures["audits"])],
            ["Completed", show(figures["audits_complete"])],
            ["Cases audited", show(figures["cases_audited"])],
            ["Strengths found", show(figures["strengths"])],
            ["Areas for improvement found", show(figures["areas_for_improvement"])],
        ],
        "tables": [
            {
                "caption": "Audits in the year",
                "header": ["Audit", "Quarter", "Theme", "Status", "Cases", "Strengths"]
                + ["Areas for improvement"],
                "rows": [
                    [
                        a.title,
                        a.planned_quarter,
                        a.theme.name,
                        a.get_status_display(),
                        a.completed_cases,
                        per_audit[a.pk][FindingKind.STRENGTH],
                        per_audit[a.pk][FindingKind.AREA_FOR_IMPROVEMENT],
                    ]
                    for a in audits
                ],
            },
            {
                "caption": "What the audits found",
                "header": ["Finding", "Theme", "What was found"],
                "rows": [[f.get_kind_display(), f.theme_label or "–", f.text] for f in findings],
            },
        ],
        "charts": count_chart("Areas for improvement found, by theme", improvement_by_theme),
    }


def gather_challenges(board: Board, year: ReportYear) -> Data:
    """Challenges raised and closed in the year; the closed ones are the successes."""
    challenges = list(
        Challenge.objects.filter(board=board)
        .filter(
            Q(raised_on__gte=year.start, raised_on__lte=year.end)
            | Q(closed_on__gte=year.start, closed_on__lte=year.end)
        )
        .select_related("to_agency", "from_agency")
        .order_by("raised_on", "pk")
    )
    raised = [c for c in challenges if year.contains(c.raised_on)]
    closed = [c for c in challenges if year.contains(c.closed_on)]
    figures = {
        "raised": len(raised),
        "closed": len(closed),
        "escalated": sum(1 for c in raised if c.escalation_level),
        "open_at_year_end": Challenge.objects.filter(board=board, raised_on__lte=year.as_of)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=year.as_of))
        .count(),
    }
    return {
        "figures": figures,
        "summary": [
            ["Challenges raised", show(figures["raised"])],
            ["Closed", show(figures["closed"])],
            ["Escalated", show(figures["escalated"])],
            ["Still open", show(figures["open_at_year_end"])],
        ],
        "tables": [
            {
                "caption": "Challenge successes: challenges closed in the year",
                "header": ["Raised", "To", "Issue", "Outcome", "Impact", "Closed"],
                "rows": [
                    [
                        day(c.raised_on),
                        c.to_agency.name,
                        c.issue,
                        c.outcome,
                        c.impact,
                        day(c.closed_on),
                    ]
                    for c in closed
                ],
            }
        ],
    }


def gather_weaknesses(board: Board, year: ReportYear) -> Data:
    """What the records show is not good enough: the narrative gives the causes."""
    red = [r for r in _indicator_rows(board, year) if r.rag.word == "Red"]
    overdue = list(
        Action.objects.filter(boards=board)
        .overdue(year.as_of)
        .select_related("agency")
        .order_by("due_date", "pk")
    )
    improvements = list(
        Finding.objects.filter(
            board=board,
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            recorded_at__date__gte=year.start,
            recorded_at__date__lte=year.end,
        )
        .select_related("theme")
        .order_by("theme", "pk")
    )
    not_met = []
    template, sections, rows = _matrix(board, SECTION_11_CODE, year)
    for row in rows:
        for section, cell in zip(sections, row.cells, strict=True):
            if cell.score is not None and cell.band[0] == "Weak":
                not_met.append([row.agency.name, section.title, show(cell.score)])
    figures = {
        "red_indicators": len(red),
        "overdue_actions": len(overdue),
        "areas_for_improvement": len(improvements),
        "section_11_standards_not_met": len(not_met),
    }
    return {
        "figures": figures,
        "summary": [
            ["Red indicators", show(figures["red_indicators"])],
            ["Overdue actions", show(figures["overdue_actions"])],
            ["Areas for improvement found", show(figures["areas_for_improvement"])],
            ["Section 11 standards not met", show(figures["section_11_standards_not_met"])],
        ],
        "tables": [
            {
                "caption": "Red indicators",
                "header": ["Indicator", "Period", "Value", "Target"],
                "rows": [
                    [
                        r.indicator.name,
                        r.latest_label,
                        show(r.latest, "%" if r.indicator.factor == 100 else ""),
                        show(r.target, "%" if r.indicator.factor == 100 else ""),
                    ]
                    for r in red
                ],
            },
            {
                "caption": f"Actions overdue on {day(year.as_of)}",
                "header": ["Action", "Agency", "Due", "Source"],
                "rows": [
                    [
                        a.title,
                        a.agency.name if a.agency else "–",
                        day(a.due_date),
                        a.get_source_display(),
                    ]
                    for a in overdue
                ],
            },
            {
                "caption": "Areas for improvement found in the year",
                "header": ["Theme", "What was found"],
                "rows": [[f.theme_label or "–", f.text] for f in improvements],
            },
            {
                "caption": "Section 11 standards not met (scored below 50)",
                "header": ["Agency", "Standard", "Score"],
                "rows": not_met,
            },
        ],
    }


def gather_next_year(board: Board, year: ReportYear) -> Data:
    """The plan's priorities for the following year; else the current ones carried forward."""
    next_start, next_end = financial_year(year.next_label)
    planned = list(
        Priority.objects.filter(board=board, start_date__gt=year.end, start_date__lte=next_end)
    )
    notes = []
    if not planned:
        planned = _priorities_in_year(board, year)
        notes.append(
            f"No priorities starting in {year.next_label} are in the plan yet; "
            "this year's priorities are shown."
        )
    return {
        "figures": {"priorities": len(planned)},
        "tables": [
            {
                "caption": f"Priorities for {year.next_label}",
                "header": ["Priority", "Lead sub-group", "From", "To"],
                "rows": [
                    [p.title, p.sub_group or "–", day(p.start_date), day(p.end_date)]
                    for p in planned
                ],
            }
        ],
        "notes": notes,
    }


# Sections that live with their own records; imported here, at the registry, because their
# modules use this module's helpers.
from scrutiny.reviews.report import gather as reviews_gather  # noqa: E402
from scrutiny.selfassessment.report import gather as self_assessment_gather  # noqa: E402
from scrutiny.training.report import gather as training_gather  # noqa: E402
from scrutiny.voice.report import gather as voice_gather  # noqa: E402

SECTIONS: list[Section] = [
    Section(
        "introduction",
        "Introduction from the independent chair",
        gather_nothing,
        narrative_hint="The chair's view of the year: what the board achieved and what worries it.",
        narrative_only=True,
    ),
    Section(
        "governance",
        "The board's structure and attendance",
        gather_governance,
        narrative_hint="Changes to membership and sub-groups; how poor attendance was tackled.",
    ),
    Section(
        "priorities",
        "Priorities and progress",
        gather_priorities,
        narrative_hint="What the priorities achieved and the difference made for children.",
    ),
    Section(
        "data_set",
        "The data set and benchmarks",
        gather_data_set,
        narrative_hint="What the numbers say, and how the board compares with the region.",
    ),
    Section(
        "returns",
        "Section 11 and school audits",
        gather_returns,
        narrative_hint="What the agencies' self-assessments showed and how they were challenged.",
    ),
    Section(
        "audits",
        "Audit findings",
        gather_audits,
        narrative_hint="What the case-file audits taught the board.",
    ),
    Section(
        "reviews",
        "Learning from reviews and child deaths",
        reviews_gather,
        narrative_hint="What the reviews taught, what changed, and what the deaths reviewed show.",
    ),
    Section(
        "training",
        "Multi-agency training and its impact",
        training_gather,
        narrative_hint="What the training changed in practice, from the three-month follow-ups.",
    ),
    Section(
        "voice",
        "The voice of children, young people and front-line staff",
        voice_gather,
        narrative_hint="What children and staff told the board, and what the board did.",
    ),
    Section(
        "self_assessment",
        "How the board judges its own effectiveness",
        self_assessment_gather,
        narrative_hint="What the self-assessment and any peer review found, and what follows.",
    ),
    Section(
        "challenges",
        "Challenge log successes",
        gather_challenges,
        narrative_hint="The challenges that changed practice, and how.",
    ),
    Section(
        "weaknesses",
        "Areas of weakness and their causes",
        gather_weaknesses,
        narrative_hint="For each weakness: its cause, as the board understands it.",
    ),
    Section(
        "next_year",
        "Next year's priorities",
        gather_next_year,
        narrative_hint="Why these priorities, and what the board will do differently.",
    ),
]


def section(key: str) -> Section | None:
    return next((s for s in SECTIONS if s.key == key), None)
