"""Findings a course's evaluations suggest: the facilitator standard missed or met, and each
follow-up (impact) question's result three months on. The business manager records the ones
that matter as findings from the course page; the wording is theirs to change."""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.findings.models import FindingKind

from .impact import Impact, QuestionSummary


@dataclass(frozen=True)
class Suggestion:
    key: str  # "facilitator" or "follow-up:<question code>"
    kind: str  # a FindingKind value
    text: str


def _share(q: QuestionSummary) -> str:
    return f"{q.share:.0f}% of {q.answered} answer{'s' if q.answered != 1 else ''}"


def finding_suggestions(course_title: str, impact: Impact) -> list[Suggestion]:
    """What the evaluations show, as findings to record. A share below the programme's
    standard suggests an area for improvement; at or above it, a strength."""
    suggestions = []
    facilitator = impact.end.facilitator
    if facilitator.answered:
        missed = impact.below_standard
        suggestions.append(
            Suggestion(
                "facilitator",
                FindingKind.AREA_FOR_IMPROVEMENT if missed else FindingKind.STRENGTH,
                f"“{course_title}” {'missed' if missed else 'met'} the facilitator standard: "
                f"{_share(facilitator)} on the facilitator were favourable, against the "
                f"programme's standard of {impact.threshold}%.",
            )
        )
    for q in impact.follow_up.question_list():
        if not q.answered:
            continue
        below = q.share is not None and q.share < impact.threshold
        suggestions.append(
            Suggestion(
                f"follow-up:{q.code}",
                FindingKind.AREA_FOR_IMPROVEMENT if below else FindingKind.STRENGTH,
                f"Three months after “{course_title}”, {_share(q)} agreed or strongly agreed: "
                f"“{q.text}”.",
            )
        )
    return suggestions
