"""The annual report's section on multi-agency training and its impact."""

from __future__ import annotations

from scrutiny.reports.framework import Data, ReportYear, pct, show
from scrutiny.tenancy.models import Board

from .impact import course_impacts, priority_impacts
from .models import EvaluationStage, TrainingProgramme


def gather(board: Board, year: ReportYear) -> Data:
    programme = TrainingProgramme.objects.filter(board=board, year=year.start.year).first()
    if programme is None:
        return {"notes": ["No training programme is recorded for the year."]}
    courses = list(programme.courses.order_by("title"))
    impacts = course_impacts(programme)
    course_rows = [(c, impacts[c.pk]) for c in courses]
    below = [c.title for c, i in course_rows if i.below_standard]
    rated = [(c, i) for c, i in course_rows if i.facilitator_share is not None]
    end = EvaluationStage.END_OF_SESSION
    follow = EvaluationStage.FOLLOW_UP
    figures = {
        "courses": len(courses),
        "sessions": programme.courses.filter(sessions__date__lte=year.as_of)
        .values("sessions")
        .count(),
        "booked": sum(i.booked for _, i in course_rows),
        "attended": sum(i.attended for _, i in course_rows),
        "end_evaluations": sum(i.stages[end].responses for _, i in course_rows),
        "follow_up_evaluations": sum(i.stages[follow].responses for _, i in course_rows),
        "courses_below_standard": len(below),
        "facilitator_standard": programme.favourable_threshold,
    }
    return {
        "figures": figures,
        "summary": [
            ["Courses", show(figures["courses"])],
            ["Sessions held", show(figures["sessions"])],
            ["Places booked", show(figures["booked"])],
            ["Attended", show(figures["attended"])],
            ["Evaluations at the end of a session", show(figures["end_evaluations"])],
            ["Evaluations three months later", show(figures["follow_up_evaluations"])],
            [
                f"Courses below the facilitator standard ({programme.favourable_threshold}%)",
                show(len(below)),
            ],
        ],
        "tables": [
            {
                "caption": "Impact by course",
                "header": ["Course", "Attended", "Facilitator favourable", "Below standard"],
                "rows": [
                    [
                        c.title,
                        i.attended,
                        show(pct(i.facilitator_share), "%"),
                        "Yes" if i.below_standard else "No",
                    ]
                    for c, i in course_rows
                ],
            },
            {
                "caption": "Impact by priority",
                "header": ["Priority", "Courses", "Attended", "Facilitator favourable"],
                "rows": [
                    [str(p), len(linked), i.attended, show(pct(i.facilitator_share), "%")]
                    for p, i, linked in priority_impacts(programme)
                ],
            },
        ],
        "charts": [
            {
                "title": "Facilitator standard: % favourable by course",
                "labels": [c.title for c, _ in rated],
                "values": [pct(i.facilitator_share) for _, i in rated],
                "unit": "%",
            }
        ],
        "notes": [f"Below the facilitator standard: {', '.join(below)}."] if below else [],
    }
