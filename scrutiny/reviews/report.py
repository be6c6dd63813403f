"""The annual report's section on learning from reviews and child deaths."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, Sum

from scrutiny.actions.models import OPEN_STATUSES, ActionStatus
from scrutiny.reports.framework import Data, ReportYear, count_chart, day, show
from scrutiny.tenancy.models import Board

from .models import Dissemination, Recommendation
from .services import (
    actions_by_recommendation,
    child_death_counts,
    recommendation_actions,
    review_actions,
)


def _done(review, year: ReportYear) -> bool:
    return review.completed_on is not None and review.completed_on <= year.as_of


def gather(board: Board, year: ReportYear) -> Data:
    reviews = list(board.reviews.order_by("commissioned_on", "pk"))
    completed = [r for r in reviews if year.contains(r.completed_on)]
    published = [r for r in reviews if year.contains(r.published_on)]
    running = [r for r in reviews if r.commissioned_on <= year.as_of and not _done(r, year)]
    recommendations = Recommendation.objects.filter(review__in=completed)
    themes = Counter(
        recommendations.filter(themes__isnull=False).values_list("themes__name", flat=True)
    )
    actions = review_actions(board)
    signed_off = actions.filter(
        status=ActionStatus.COMPLETED,
        completed_at__date__gte=year.start,
        completed_at__date__lte=year.as_of,
    ).count()
    # Outstanding at the reporting date: raised by then and not signed off by then.
    outstanding = (
        actions.filter(created_at__date__lte=year.as_of)
        .filter(Q(status__in=OPEN_STATUSES) | Q(completed_at__date__gt=year.as_of))
        .count()
    )
    shared = Dissemination.objects.filter(
        review__board=board, held_on__gte=year.start, held_on__lte=year.as_of
    )
    reach = shared.aggregate(total=Sum("reach"))["total"] or 0
    deaths = child_death_counts(board, year.start.year)
    figures = {
        "reviews_completed": len(completed),
        "reviews_published": len(published),
        "reviews_in_progress": len(running),
        "recommendations": recommendations.count(),
        "actions_signed_off": signed_off,
        "actions_outstanding": outstanding,
        "disseminations": shared.count(),
        "people_reached": reach,
        "child_deaths_reviewed": deaths.total,
        "child_deaths_modifiable": deaths.modifiable,
    }
    return {
        "figures": figures,
        "summary": [
            ["Reviews completed", show(len(completed))],
            ["Reviews published", show(len(published))],
            ["Reviews in progress at the year end", show(len(running))],
            ["Recommendations from reviews completed", show(figures["recommendations"])],
            ["Actions signed off on evidence", show(signed_off)],
            ["Actions still outstanding", show(outstanding)],
            ["Learning events and briefings", show(figures["disseminations"])],
            ["People reached", show(reach)],
            ["Child deaths reviewed by the panel", show(deaths.total)],
            ["… with modifiable factors", show(deaths.modifiable)],
        ],
        "tables": [
            {
                "caption": "Reviews completed in the year",
                "header": ["Review", "Kind", "Completed", "Published"],
                "rows": [
                    [str(r), r.get_kind_display(), day(r.completed_on), day(r.published_on)]
                    for r in completed
                ],
            },
            {
                "caption": "Child deaths reviewed, by category",
                "header": ["Category", "Reviewed", "With modifiable factors", "Expected"],
                "rows": [
                    [row.category.label, row.total, row.modifiable, row.expected]
                    for row in deaths.rows
                ],
            },
        ],
        "charts": count_chart("Recommendations by theme", dict(themes.most_common())),
        "notes": [] if reviews else ["No reviews are recorded."],
    }


def gather_recommendations(board: Board, year: ReportYear) -> Data:
    """Decisions and actions taken (or planned) on the recommendations of reviews, from the
    reviews register: each recommendation of a review completed by the year's end, its
    actions and how many are done, and what improved as the actions record it."""
    recommendations = list(
        Recommendation.objects.filter(
            review__board=board, review__completed_on__lte=year.as_of
        ).select_related("review")
    )
    actions = actions_by_recommendation(
        recommendation_actions(review_actions(board), recommendations)
    )
    rows = []
    done_total = planned_total = 0
    for r in recommendations:
        mine = actions.get(r.pk, [])
        done = [
            a
            for a in mine
            if a.status == ActionStatus.COMPLETED
            and a.completed_at is not None
            and a.completed_at.date() <= year.as_of
        ]
        done_total += len(done)
        planned_total += len(mine) - len(done)
        rows.append(
            [
                str(r.review),
                f"{r.number}. {r.text}",
                "; ".join(a.title for a in mine) or "No action recorded",
                f"{len(done)} of {len(mine)}",
                "; ".join(a.evidence_of_completion for a in done if a.evidence_of_completion)
                or "–",
            ]
        )
    without = sum(1 for r in recommendations if not actions.get(r.pk))
    return {
        "figures": {
            "recommendations": len(recommendations),
            "actions_done": done_total,
            "actions_planned": planned_total,
            "recommendations_without_action": without,
        },
        "summary": [
            ["Recommendations of completed reviews", show(len(recommendations))],
            ["Actions taken (signed off)", show(done_total)],
            ["Actions planned or under way", show(planned_total)],
            ["Recommendations with no action recorded", show(without)],
        ],
        "tables": [
            {
                "caption": "Recommendations, the actions decided and what resulted",
                "header": ["Review", "Recommendation", "Actions", "Done", "What improved"],
                "rows": rows,
                "empty": "No review completed by the year's end made recommendations.",
            }
        ],
    }
