"""The section kinds the reports app owns: each gathers its figures from the records.

The framework (the year, the data shape, the helpers and the registry) is
`reports.framework`, which imports no app; the order and headings of a report are a library
structure (`reports.structures`). These kinds are registered from `ReportsConfig.ready()`;
other apps register theirs (reviews, training, voice, self-assessment) from their own.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from scrutiny.actions.models import Action, ActionSource, ActionStatus, Rag
from scrutiny.audits.models import Audit, AuditStatus, CaseStatus
from scrutiny.challenges.models import Challenge
from scrutiny.dataset.board_data import board_rows, current_data_set
from scrutiny.dataset.periods import parse_period
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.governance.attendance import Rate, group_attendance
from scrutiny.governance.compliance import LAY_MEMBERS_EXPECTED, board_compliance
from scrutiny.library.models import FrameworkTemplate
from scrutiny.plan.golden_thread import board_progress, objective_actions
from scrutiny.plan.models import Milestone, Objective, Priority
from scrutiny.returns.comparison import rating_matrix
from scrutiny.returns.completeness import completeness
from scrutiny.returns.models import ReturnRequest
from scrutiny.tenancy.models import Agency, Board

from .framework import (
    Data,
    ReportYear,
    count_chart,
    day,
    financial_year,
    pct,
    plural,
    problem,
    register_section_kind,
    show,
    unit,
)

SECTION_11_CODE = "section-11-audit"
SCHOOL_AUDIT_CODE = "school-safeguarding-audit"
# At most this many red indicators get a chart of their history each.
RED_INDICATOR_CHARTS = 4


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
            "rows": [
                [g.name, g.active_members or "None recorded", g.meetings_in_year] for g in groups
            ],
        }
    ]
    problems = [
        problem(
            f"group-without-members-{g.pk}",
            f"No members are recorded for {g.name}: the table shows none rather than a count.",
        )
        for g in groups
        if not g.active_members
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
        problems.append(
            problem(
                "statutory-partner-missing",
                f"Statutory partners with no active member on the main board: {names}.",
            )
        )
    if compliance.lay_members_short:
        has = plural(compliance.lay_members, "lay member")
        notes.append(f"The board has {has}; {LAY_MEMBERS_EXPECTED} are expected.")
    return {
        "problems": problems,
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
        suffix = unit(r.indicator.factor)
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
    years = settings.SCRUTINY_REPORT_CHART_YEARS
    since = year.end.replace(year=year.end.year - years)
    for r in [r for r in rows if r.rag.word == "Red"][:RED_INDICATOR_CHARTS]:
        # Only the last few years: ten years of quarters is an unreadable chart (and table).
        recent = [
            (label, v)
            for label, v in r.history
            if parse_period(label, r.indicator.period).end > since
        ]
        charts.append(
            {
                "title": f"{r.indicator.name} (red): values by period, last {years} years",
                "labels": [label for label, _ in recent],
                "values": [pct(v) for _, v in recent],
                "unit": unit(r.indicator.factor),
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
    summary, tables, charts, problems = [], [], [], []
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
        later = f"; {plural(len(counted.due_later), 'more')} due later" if counted.due_later else ""
        if tally.expected:
            received = (
                f"{tally.received} of {tally.expected} ({show(tally.completeness, '%')})" + later
            )
        else:
            # "0 of 12 (0%)" would read as twelve missing returns: none was due yet.
            received = f"No return was due by {day(year.as_of)}" + later
            problems.append(
                problem(
                    f"nothing-due-{name}",
                    f"{template.title}: no return was due by {day(year.as_of)}, so the "
                    "report has no completeness or standards to show for it.",
                )
            )
        summary.append(
            [f"{template.title}: returns received of those due by {day(year.as_of)}", received]
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
                "rows": standard_rows if figures[f"{name}_agencies_rated"] else [],
                "empty": "No return for the year has been rated yet, so no standard can be "
                "shown as met or not met.",
            }
        )
        if figures[f"{name}_agencies_rated"]:
            summary.append(
                [
                    f"{template.title}: standards scored weak (below 50) across agencies",
                    show(not_met),
                ]
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
    return {
        "figures": figures,
        "summary": summary,
        "tables": tables,
        "charts": charts,
        "problems": problems,
    }


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
        ).order_by("kind", "pk")
    )
    per_audit: dict[int, Counter[str]] = defaultdict(Counter)
    for f in findings:
        per_audit[f.source_id][f.kind] += 1
    improvement_by_theme = Counter(
        theme_label(f) for f in findings if f.kind == FindingKind.AREA_FOR_IMPROVEMENT
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
                "rows": [[f.get_kind_display(), theme_label(f), f.text] for f in findings],
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


def theme_label(finding: Finding) -> str:
    """The finding's theme as printed, or "No theme"."""
    return finding.theme_label or "No theme"


def source_label(finding: Finding) -> str:
    return finding.source_kind_label


def gather_weaknesses(board: Board, year: ReportYear) -> Data:
    """Areas of weakness: every area for improvement any source recorded in the year, from
    `findings` alone (audits, returns, peer reviews, reviews, training, voice, data). The
    narrative gives the causes."""
    improvements = list(
        Finding.objects.filter(
            board=board,
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            recorded_at__date__gte=year.start,
            recorded_at__date__lte=year.as_of,
        )
        .select_related("source_type", "theme")
        .order_by("pk")
    )
    rows = sorted(
        ([theme_label(f), source_label(f), f.text] for f in improvements),
        key=lambda row: (row[0], row[1]),
    )
    by_theme = Counter(row[0] for row in rows)
    by_source = Counter(row[1] for row in rows)
    figures = {
        "areas_for_improvement": len(improvements),
        "themes": len(by_theme),
        "sources": len(by_source),
    }
    return {
        "figures": figures,
        "summary": [
            ["Areas for improvement found in the year", show(len(improvements))],
            ["Themes they fall under", show(len(by_theme))],
            ["Kinds of source that found them", show(len(by_source))],
        ],
        "tables": [
            {
                "caption": "Areas for improvement found in the year, by theme",
                "header": ["Theme", "Found by", "What was found"],
                "rows": rows,
                "empty": "No source recorded an area for improvement in the year.",
            },
        ],
        "charts": count_chart("Areas for improvement by theme (count)", dict(by_theme)),
    }


# A priority shows little or no evidence of progress when, by the year's end, nothing under
# it is complete and no milestone has been achieved, or more of its actions are red than
# complete. The rule is the board's to read in the table; the narrative explains it.


def gather_little_progress(board: Board, year: ReportYear) -> Data:
    """Priorities with little or no evidence of progress, from the plan's RAG ratings."""
    priorities = _priorities_in_year(board, year)
    objectives = list(Objective.objects.filter(priority__in=priorities))
    actions = objective_actions(objectives)
    milestones = Counter()
    achieved = Counter()
    for m in Milestone.objects.filter(objective__in=objectives).select_related("objective"):
        milestones[m.objective.priority_id] += 1
        if m.achieved_on and m.achieved_on <= year.as_of:
            achieved[m.objective.priority_id] += 1
    rows, stalled = [], []
    for p in priorities:
        mine = [a for o in objectives if o.priority_id == p.pk for a in actions[o.pk]]
        rag = Counter()
        done = 0
        for a in mine:
            if a.status == ActionStatus.COMPLETED and (
                a.completed_at is None or a.completed_at.date() <= year.as_of
            ):
                done += 1
            else:
                rating = a.rag(year.as_of)
                rag[rating.label if rating else "Not rated"] += 1
        red = rag.get(Rag.RED.label, 0)
        little = (done == 0 and achieved[p.pk] == 0) or red > done
        if little:
            stalled.append(p.title)
        rows.append(
            [
                p.title,
                len(mine),
                done,
                red,
                rag.get(Rag.AMBER.label, 0),
                rag.get(Rag.GREEN.label, 0),
                f"{achieved[p.pk]} of {milestones[p.pk]}",
                "Yes" if little else "No",
            ]
        )
    return {
        "figures": {"priorities": len(priorities), "little_progress": len(stalled)},
        "summary": [
            ["Priorities in the year", show(len(priorities))],
            ["With little or no evidence of progress", show(len(stalled))],
        ],
        "tables": [
            {
                "caption": f"Progress on each priority at {day(year.as_of)} (actions by RAG)",
                "header": [
                    "Priority",
                    "Actions",
                    "Completed",
                    "Red",
                    "Amber",
                    "Green",
                    "Milestones achieved",
                    "Little or no evidence of progress",
                ],
                "rows": rows,
                "empty": "The plan has no priorities for the year.",
            }
        ],
        "notes": [
            "A priority shows little or no evidence of progress when nothing under it is "
            "complete and no milestone is achieved, or more of its actions are red than "
            "complete."
        ],
    }


def gather_next_year(board: Board, year: ReportYear) -> Data:
    """The plan's priorities for the following year; never this year's under next year's name."""
    next_start, next_end = financial_year(year.next_label)
    planned = list(
        Priority.objects.filter(board=board, start_date__lte=next_end, end_date__gte=next_start)
    )
    if not planned:
        return {
            "figures": {"priorities": 0},
            "notes": [f"No priorities for {year.next_label} are in the plan yet."],
            "problems": [
                problem(
                    "no-next-priorities",
                    f"The plan has no priorities for {year.next_label}: add them to the plan, "
                    "or say in the text how they will be set.",
                )
            ],
        }
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
    }


def register_built_in_kinds() -> None:
    """The kinds the reports app owns; called from `ReportsConfig.ready()`."""
    for key, gather in [
        ("governance", gather_governance),
        ("priorities", gather_priorities),
        ("little_progress", gather_little_progress),
        ("data_set", gather_data_set),
        ("returns", gather_returns),
        ("audits", gather_audits),
        ("challenges", gather_challenges),
        ("weaknesses", gather_weaknesses),
        ("next_year", gather_next_year),
    ]:
        register_section_kind(key, gather)
