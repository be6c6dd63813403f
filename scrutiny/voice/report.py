"""The annual report's section on the voice of children, young people and front-line staff."""

from __future__ import annotations

from collections import Counter

from scrutiny.reports.framework import Data, ReportYear, count_chart, day, show
from scrutiny.tenancy.models import Board

from .models import EngagementActivity, FeedbackSubmission, Voice


def gather(board: Board, year: ReportYear) -> Data:
    activities = list(
        EngagementActivity.objects.filter(
            board=board, held_on__gte=year.start, held_on__lte=year.as_of
        ).order_by("held_on", "pk")
    )
    children = [a for a in activities if a.voice == Voice.CHILDREN]
    staff = [a for a in activities if a.voice == Voice.STAFF]
    answers = FeedbackSubmission.objects.filter(
        form__board=board, submitted_on__gte=year.start, submitted_on__lte=year.as_of
    ).count()
    levels = Counter(a.level_label for a in activities)
    figures = {
        "children_activities": len(children),
        "children_taking_part": sum(a.participants or 0 for a in children),
        "staff_activities": len(staff),
        "staff_taking_part": sum(a.participants or 0 for a in staff),
        "feedback_answers": answers,
        "with_response": sum(1 for a in activities if a.we_did.strip()),
    }
    return {
        "figures": figures,
        "summary": [
            ["Activities with children and young people", show(len(children))],
            ["Children and young people taking part", show(figures["children_taking_part"])],
            ["Activities with front-line staff", show(len(staff))],
            ["Staff taking part", show(figures["staff_taking_part"])],
            ["Answers to the public feedback forms", show(answers)],
            ["Activities with a recorded response (“we did”)", show(figures["with_response"])],
        ],
        "tables": [
            {
                "caption": f"You said, we did: {label.lower()}",
                "header": ["When", "Activity", "You said", "We did", "Impact"],
                "rows": [[day(a.held_on), a.title, a.you_said, a.we_did, a.impact] for a in group],
            }
            for label, group in (("Children and young people", children), ("Staff", staff))
            if group
        ],
        "charts": count_chart("Engagement by level", levels),
        "notes": [] if activities else ["No engagement activities are recorded for the year."],
    }
