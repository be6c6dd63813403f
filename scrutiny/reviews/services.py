"""The workflows of learning from reviews: actions from recommendations, the findings they
record (the thematic view counts them with every other source's), the monitoring cycle,
recurring-recommendation suggestions, the archive and child-death counts."""

from __future__ import annotations

import datetime
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from scrutiny.actions.models import OPEN_STATUSES, Action, ActionSource, ActionStatus, ActionUpdate
from scrutiny.actions.services import raise_action
from scrutiny.findings.models import Finding, FindingKind, Theme
from scrutiny.findings.services import findings_for, record_finding
from scrutiny.people.models import Role, User
from scrutiny.tenancy.models import Agency, Board
from scrutiny.training.learning import LearningSource
from scrutiny.training.models import Course

from . import similarity
from .models import (
    MONITORING_NOTICE_DAYS,
    AgeBand,
    ChildDeath,
    DeathCategory,
    Dissemination,
    MonitoringCycle,
    MonitoringRequest,
    Recommendation,
    Review,
)


def add_recommendation_action(
    recommendation: Recommendation,
    *,
    board: Board,
    agency: Agency,
    lead_officer: User,
    title: str,
    due_date: datetime.date,
    created_by: User,
    description: str = "",
) -> Action:
    """An action for one agency on a recommendation, with its named lead officer.

    Review actions are closed by a reviewer on uploaded evidence (sign-off required).
    """
    review = recommendation.review
    return raise_action(
        source=ActionSource.REVIEW,
        source_object=recommendation,
        source_key=f"agency-{agency.pk}-{secrets.token_hex(4)}",
        source_label=f"{review.reference} recommendation {recommendation.number}",
        boards=[board],
        agency=agency,
        owner=lead_officer,
        title=title,
        description=description or recommendation.text,
        due_date=due_date,
        created_by=created_by,
        sign_off_required=True,
    )


def review_actions(board: Board) -> QuerySet[Action]:
    """Every action raised from the board's review recommendations."""
    return Action.objects.filter(
        boards=board,
        source_type=ContentType.objects.get_for_model(Recommendation),
        source_id__in=Recommendation.objects.filter(review__board=board).values("pk"),
    )


def recommendation_actions(
    actions: QuerySet[Action], recommendations: list[Recommendation]
) -> QuerySet[Action]:
    """Of these actions, those raised from these recommendations."""
    return actions.filter(
        source_type=ContentType.objects.get_for_model(Recommendation),
        source_id__in=[r.pk for r in recommendations],
    )


def actions_by_recommendation(actions: QuerySet[Action]) -> dict[int, list[Action]]:
    grouped: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        grouped[action.source_id].append(action)  # type: ignore[index]
    return grouped


# --- The quarterly monitoring cycle -------------------------------------------------------


def lead_officers(board: Board, agency: Agency) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.AGENCY_LEAD,
            role_assignments__board=board,
            role_assignments__agency=agency,
        )
        .distinct()
        .order_by("email")
    )


@dataclass
class RequestRun:
    sent: int = 0
    no_recipient: list[str] = field(default_factory=list)


def send_monitoring_requests(today: datetime.date) -> RequestRun:
    """A month before each monitoring meeting, email each agency its outstanding actions.

    Once per agency per cycle: running again the same day or later sends nothing twice.
    """
    run = RequestRun()
    cycles = MonitoringCycle.objects.filter(
        meeting_on__gt=today,
        meeting_on__lte=today + datetime.timedelta(days=MONITORING_NOTICE_DAYS),
    ).select_related("board")
    for cycle in cycles:
        outstanding = review_actions(cycle.board).filter(
            status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
        )
        by_agency: dict[Agency, list[Action]] = defaultdict(list)
        for action in outstanding.select_related("agency", "owner").order_by("due_date", "pk"):
            if action.agency:
                by_agency[action.agency].append(action)
        already = set(cycle.requests.values_list("agency_id", flat=True))
        for agency, actions in sorted(by_agency.items(), key=lambda kv: kv[0].name):
            if agency.pk in already:
                continue
            recipients = {u.email for u in lead_officers(cycle.board, agency)}
            recipients |= {a.owner.email for a in actions if a.owner and a.owner.is_active}
            if not recipients:
                run.no_recipient.append(agency.name)
                continue
            try:
                with transaction.atomic():
                    MonitoringRequest.objects.create(
                        cycle=cycle,
                        agency=agency,
                        recipients="\n".join(sorted(recipients)),
                        action_count=len(actions),
                    )
                    _send_request(cycle, agency, actions, sorted(recipients))
            except IntegrityError:
                continue
            run.sent += 1
    return run


def _send_request(
    cycle: MonitoringCycle, agency: Agency, actions: list[Action], recipients: list[str]
) -> None:
    site = settings.SITE_URL.rstrip("/")
    board = cycle.board
    items = [
        {
            "action": a,
            "link": site + reverse("actions:detail", args=[board.slug, a.pk]),
        }
        for a in actions
    ]
    send_mail(
        f"Please update {len(actions)} review action(s) before {cycle.meeting_on:%d %B}: "
        f"{board.short_name}",
        render_to_string(
            "reviews/email/monitoring_request.txt",
            {"cycle": cycle, "agency": agency, "items": items, "board": board},
        ),
        None,
        recipients,
    )


@dataclass
class PackItem:
    action: Action
    recommendation: Recommendation
    latest_update: ActionUpdate | None
    updated_since_request: bool


@dataclass
class MonitoringPack:
    cycle: MonitoringCycle
    outstanding: list[PackItem]
    awaiting_sign_off: list[PackItem]
    completed_since_last: list[PackItem]
    overdue: int
    agencies_not_updated: list[str]


def monitoring_pack(cycle: MonitoringCycle, today: datetime.date) -> MonitoringPack:
    """What the monitoring meeting needs: every outstanding review action with its latest
    update, those awaiting sign-off, what was signed off since the previous meeting, and the
    agencies asked to update that have not."""
    board = cycle.board
    previous = (
        MonitoringCycle.objects.filter(board=board, meeting_on__lt=cycle.meeting_on)
        .order_by("-meeting_on")
        .values_list("meeting_on", flat=True)
        .first()
    )
    since = previous or datetime.date.min
    actions = list(
        review_actions(board)
        .filter(
            Q(status__in=OPEN_STATUSES)
            | Q(status=ActionStatus.COMPLETED, completed_at__date__gt=since)
        )
        .select_related("agency", "owner", "signed_off_by")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.select_related("author"),
                to_attr="all_updates",
            )
        )
        .order_by("due_date", "pk")
    )
    recommendations = Recommendation.objects.select_related("review").in_bulk(
        {a.source_id for a in actions}
    )
    requested_at = dict(cycle.requests.values_list("agency_id", "sent_at"))
    pack = MonitoringPack(cycle, [], [], [], 0, [])
    not_updated: set[str] = set()
    for action in actions:
        latest = action.all_updates[0] if action.all_updates else None  # type: ignore[attr-defined]
        asked = requested_at.get(action.agency_id)
        updated = bool(asked and latest and latest.created_at >= asked)
        item = PackItem(action, recommendations[action.source_id], latest, updated)
        if action.status == ActionStatus.COMPLETED:
            pack.completed_since_last.append(item)
        elif action.status == ActionStatus.AWAITING_SIGN_OFF:
            pack.awaiting_sign_off.append(item)
        else:
            pack.outstanding.append(item)
            pack.overdue += action.is_overdue(today)
            if asked and not updated and action.agency:
                not_updated.add(action.agency.name)
    pack.agencies_not_updated = sorted(not_updated)
    return pack


# --- Findings ----------------------------------------------------------------------------


def record_recommendation_findings(
    recommendation: Recommendation, *, recorded_by: User | None = None
) -> list[Finding]:
    """A recommendation is an area for improvement on each of its themes: one finding per
    theme (one untagged if it has none), linked back to the recommendation and found in the
    review's year. Kept in step when the recommendation or its review changes."""
    review = recommendation.review
    found_on = review.completed_on or review.commissioned_on
    existing = {f.theme_id: f for f in findings_for(recommendation)}
    kept = []
    for theme in list(recommendation.themes.all()) or [None]:
        finding = existing.pop(theme.pk if theme else None, None)
        if finding is None:
            finding = record_finding(
                board=review.board,
                source=recommendation,
                kind=FindingKind.AREA_FOR_IMPROVEMENT,
                text=recommendation.text,
                theme=theme,
                recorded_by=recorded_by,
                found_on=found_on,
            )
        elif finding.text != recommendation.text or finding.found_on != found_on:
            finding.text, finding.found_on = recommendation.text, found_on
            finding.save(update_fields=["text", "found_on", "revision"])
        kept.append(finding)
    for stale in existing.values():
        stale.delete()
    return kept


@transaction.atomic
def save_review(form: forms.ModelForm) -> Review:
    """Save a review from its form; its recommendations' findings follow its dates."""
    review = form.save()
    refresh_review_findings(review)
    return review


@transaction.atomic
def save_recommendation(form: forms.ModelForm, *, user: User) -> Recommendation:
    """Save a recommendation (and its themes) and record its findings."""
    recommendation = form.save()
    record_recommendation_findings(recommendation, recorded_by=user)
    return recommendation


def record_review_lesson(
    review: Review, *, kind: str, text: str, theme: Theme | None, user: User
) -> Finding:
    """One of the review's key lessons, as the board's finding (a strength or an area for
    improvement, on one of its themes), linked back to the review and found in its year."""
    return record_finding(
        board=review.board,
        source=review,
        kind=kind,
        text=text,
        theme=theme,
        recorded_by=user,
        found_on=review.completed_on or review.commissioned_on,
    )


def refresh_review_findings(review: Review) -> None:
    """After a review's dates change, its recommendations' findings and its lessons' move
    to its year."""
    for recommendation in review.recommendations.prefetch_related("themes"):
        record_recommendation_findings(recommendation)
    found_on = review.completed_on or review.commissioned_on
    for lesson in findings_for(review).exclude(found_on=found_on):
        lesson.found_on = found_on
        lesson.save(update_fields=["found_on", "revision"])


def review_of_recommendations(ids: Iterable[int]) -> dict[int, str]:
    """For the thematic view: a review counts once, whichever recommendations carry a theme."""
    return {
        pk: f"reviews.review:{review_id}"
        for pk, review_id in Recommendation.objects.filter(pk__in=list(ids)).values_list(
            "pk", "review_id"
        )
    }


@dataclass
class RecurringGroup:
    recommendations: list[Recommendation]
    score: float  # the strongest similarity joining the group
    shared_themes: list[str]

    @property
    def review_count(self) -> int:
        return len({r.review_id for r in self.recommendations})


def recurring_recommendations(
    board: Board, threshold: float = similarity.THRESHOLD
) -> list[RecurringGroup]:
    """Recommendations from different reviews that look like the same recommendation again."""
    recs = list(
        Recommendation.objects.filter(review__board=board)
        .select_related("review")
        .prefetch_related("themes")
        .order_by("review__commissioned_on", "number")
    )
    pairs = similarity.similar_pairs([r.text for r in recs], [r.review_id for r in recs], threshold)
    best: dict[int, float] = {}
    for pair in pairs:
        for i in (pair.first, pair.second):
            best[i] = max(best.get(i, 0.0), pair.score)
    groups = []
    for members in similarity.clusters(len(recs), pairs):
        chosen = [recs[i] for i in members]
        theme_sets = [{t.name for t in r.themes.all()} for r in chosen]
        shared = sorted(set.intersection(*theme_sets)) if theme_sets else []
        groups.append(RecurringGroup(chosen, max(best[i] for i in members), shared))
    return groups


# --- Archive -----------------------------------------------------------------------------


def archive(board: Board, query: str = "", theme_id: int | None = None) -> QuerySet[Action]:
    """Review actions no longer outstanding, searchable by words in the action, its evidence,
    its recommendation or its review."""
    actions = review_actions(board).exclude(status__in=OPEN_STATUSES)
    recommendations = Recommendation.objects.filter(review__board=board)
    if theme_id:
        actions = actions.filter(source_id__in=recommendations.filter(themes=theme_id).values("pk"))
    for word in query.split():
        matching = recommendations.filter(
            Q(text__icontains=word)
            | Q(review__reference__icontains=word)
            | Q(review__title__icontains=word)
        ).values("pk")
        actions = actions.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(evidence_of_completion__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(source_id__in=matching)
        )
    return actions


# --- Child deaths ------------------------------------------------------------------------


@dataclass
class DeathCountRow:
    category: DeathCategory
    total: int
    modifiable: int
    expected: int


@dataclass
class DeathCounts:
    year: int
    rows: list[DeathCountRow]
    total: int
    modifiable: int
    expected: int
    by_age: list[tuple[str, int]]

    @property
    def modifiable_percent(self) -> int | None:
        return round(100 * self.modifiable / self.total) if self.total else None


def child_death_counts(board: Board, year: int) -> DeathCounts:
    deaths = list(
        ChildDeath.objects.filter(board=board, reviewed_in=year).values_list(
            "category", "modifiable_factors", "expected", "age_band"
        )
    )
    rows = []
    for category in DeathCategory:
        mine = [d for d in deaths if d[0] == category]
        if mine:
            rows.append(
                DeathCountRow(
                    category, len(mine), sum(1 for d in mine if d[1]), sum(1 for d in mine if d[2])
                )
            )
    ages = Counter(d[3] for d in deaths)
    return DeathCounts(
        year,
        rows,
        len(deaths),
        sum(1 for d in deaths if d[1]),
        sum(1 for d in deaths if d[2]),
        [(band.label, ages[band]) for band in AgeBand if ages[band]],
    )


def review_years(board: Board) -> list[int]:
    years = set(ChildDeath.objects.filter(board=board).values_list("reviewed_in", flat=True))
    return sorted(years, reverse=True)


def learning_shared_on_course(course: Course) -> list[LearningSource]:
    """A training course lists the reviews whose learning it was recorded as passing on."""
    shared = Dissemination.objects.filter(course=course).select_related("review__board")
    reviews = {d.review_id: d.review for d in shared}
    return [LearningSource(str(r), r.get_board_url(r.board)) for r in reviews.values()]
