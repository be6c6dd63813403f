"""The annual report's section on the board's self-assessment against the Ofsted criteria."""

from __future__ import annotations

from collections import Counter

from scrutiny.reports.framework import Data, ReportYear, count_chart, day, show
from scrutiny.tenancy.models import Board

from .models import SelfAssessment
from .services import criteria_rows, suggestion

OFSTED_CODE = "ofsted-lscb-review-good"


def gather(board: Board, year: ReportYear) -> Data:
    assessment = (
        SelfAssessment.objects.filter(board=board, template__code=OFSTED_CODE)
        .select_related("template", "response", "overall_level")
        .first()
    )
    if assessment is None:
        return {"notes": ["The board has not assessed itself against the Ofsted criteria."]}
    rows = [r for _, section in criteria_rows(assessment) for r in section if r.question.scale_id]
    grades = Counter(r.answer.level.label for r in rows if r.answer and r.answer.level)
    best = suggestion(criteria_rows(assessment))
    revisions = assessment.revisions.filter(
        saved_at__date__gte=year.start, saved_at__date__lte=year.as_of
    ).count()
    figures = {
        "criteria": len(rows),
        "graded": sum(grades.values()),
        "evidence_links": sum(len(r.links) for r in rows),
        "revisions_in_year": revisions,
        "suggested": best.level.label if best.level else "",
        "decided": assessment.overall_level.label if assessment.overall_level else "",
    }
    return {
        "figures": figures,
        "summary": [
            ["Criteria graded", f"{figures['graded']} of {figures['criteria']}"],
            ["Pieces of evidence linked", show(figures["evidence_links"])],
            ["Revisions during the year", show(revisions)],
            ["Best fit suggested from the grades", figures["suggested"] or "–"],
            [
                "The board's judgement",
                f"{figures['decided']} ({day(assessment.overall_decided_on)})"
                if figures["decided"]
                else "Not yet decided",
            ],
        ],
        "tables": [
            {
                "caption": "Grades by criterion",
                "header": ["Criterion", "Grade", "Evidence linked"],
                "rows": [
                    [
                        f"{r.question.number} {r.question.text}",
                        r.answer.level.label if r.answer and r.answer.level else "Not graded",
                        len(r.links),
                    ]
                    for r in rows
                ],
            }
        ],
        "charts": count_chart("Criteria by grade", grades),
        "notes": [best.reasoning],
    }
