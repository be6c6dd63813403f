"""Serious incidents: the workflows that touch several records, and the board's open clocks."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from scrutiny.library.models import FrameworkTemplate
from scrutiny.questionnaires.models import Response
from scrutiny.reviews.models import Review, ReviewKind, ReviewStatus
from scrutiny.tenancy.models import Agency, Board

from .clocks import Clock, rule
from .models import ContributionRequest, LocalReview, RapidReview, SeriousIncident

RAPID_REVIEW_TEMPLATE = "rapid-review"


def rapid_review_template() -> FrameworkTemplate:
    """The newest shared version of the Panel's rapid-review template."""
    return FrameworkTemplate.objects.filter(
        code=RAPID_REVIEW_TEMPLATE, owner_board__isnull=True
    ).latest("version")


@transaction.atomic
def record_incident(incident: SeriousIncident) -> SeriousIncident:
    """Save a new incident with its rapid review, ready for the meeting and the requests."""
    incident.save()
    RapidReview.objects.create(
        incident=incident, response=Response.objects.create(template=rapid_review_template())
    )
    return incident


def request_contribution(
    rapid_review: RapidReview,
    agency: Agency,
    requested_on: datetime.date,
    due_on: datetime.date | None = None,
) -> ContributionRequest:
    """Ask an agency for its information; by default due after the partnership's usual
    number of working days (library clocks file, `agency_contribution`)."""
    return ContributionRequest.objects.create(
        rapid_review=rapid_review,
        agency=agency,
        requested_on=requested_on,
        due_on=due_on or rule("agency_contribution").deadline(requested_on),
    )


def _sync_review(local: LocalReview, review: Review) -> None:
    review.kind = ReviewKind.PRACTICE_REVIEW
    review.commissioned_on = local.commissioned_on or local.decided_on
    review.lead_reviewer = local.reviewer
    review.completed_on = local.final_on
    review.published_on = local.published_on
    review.publication_url = local.publication_url
    if review.status != ReviewStatus.CLOSED:
        review.status = (
            ReviewStatus.PUBLISHED
            if local.published_on
            else ReviewStatus.COMPLETED
            if local.final_on
            else ReviewStatus.IN_PROGRESS
            if local.commissioned_on
            else ReviewStatus.COMMISSIONED
        )


@transaction.atomic
def save_local_review(
    local: LocalReview, *, reference: str = "", title: str = "", summary: str = ""
) -> LocalReview:
    """Save a local review and its record in the reviews register, where its recommendations,
    actions and monitoring are kept as for every other review. A new local review makes that
    record (with `reference` and `title`); later saves keep its dates and status in step."""
    if local.pk is None:
        review = Review(board=local.board, reference=reference, title=title, summary=summary)
        _sync_review(local, review)
        review.save()
        local.review = review
    else:
        review = local.review
        _sync_review(local, review)
        review.save()
    local.save()
    return local


def _incident_clocks(board: Board, incident: SeriousIncident) -> list[Clock]:
    url = reverse("incidents:detail", args=[board.slug, incident.pk])
    clocks = []
    if incident.panel_notified_on is None:
        clocks.append(
            Clock(
                f"incident-{incident.pk}-panel_notification",
                rule("panel_notification"),
                f"Notify the Panel of {incident.reference}",
                incident.panel_deadline,
                url,
            )
        )
    if incident.ofsted_applies and incident.ofsted_notified_on is None:
        clocks.append(
            Clock(
                f"incident-{incident.pk}-ofsted_notification",
                rule("ofsted_notification"),
                f"Notify Ofsted of {incident.reference}",
                incident.ofsted_deadline,
                url,
            )
        )
    rapid = getattr(incident, "rapid_review", None)
    if rapid is None:
        return clocks
    rr_url = reverse("incidents:rapid_review", args=[board.slug, incident.pk])
    if rapid.deadline and rapid.sent_to_panel_on is None:
        clocks.append(
            Clock(
                f"incident-{incident.pk}-rapid_review",
                rule("rapid_review"),
                f"Send the rapid review of {incident.reference} to the Panel",
                rapid.deadline,
                rr_url,
            )
        )
    if rapid.sent_to_panel_on is None:
        for req in rapid.requests.all():
            if req.received_on is None:
                clocks.append(
                    Clock(
                        f"contribution-{req.pk}",
                        rule("agency_contribution"),
                        f"{req.agency.name}: contribution to the rapid review of "
                        f"{incident.reference}",
                        req.due_on,
                        rr_url,
                        agency_id=req.agency_id,
                        contribute_url=reverse("incidents:contribute", args=[board.slug, req.pk]),
                    )
                )
    return clocks


def _local_review_clocks(board: Board, local: LocalReview) -> list[Clock]:
    url = reverse("incidents:local_review", args=[board.slug, local.pk])
    clocks = []
    if local.final_on is None:
        clocks.append(
            Clock(
                f"local-{local.pk}-lcspr_final_report",
                rule("lcspr_final_report"),
                f"Final report of local review {local.review.reference}",
                local.final_deadline,
                url,
            )
        )
    if local.notice_deadline and local.panel_told_on is None and local.published_on is None:
        clocks.append(
            Clock(
                f"local-{local.pk}-lcspr_publication_notice",
                rule("lcspr_publication_notice"),
                f"Send local review {local.review.reference} to the Panel and the Secretary "
                "of State before publication",
                local.notice_deadline,
                url,
            )
        )
    return clocks


def open_clocks(board: Board) -> list[Clock]:
    """Every clock still running on the board, the nearest deadline first."""
    clocks: list[Clock] = []
    incidents = (
        board.serious_incidents.filter(closed_on__isnull=True)
        .select_related("rapid_review")
        .prefetch_related(
            Prefetch(
                "rapid_review__requests",
                queryset=ContributionRequest.objects.select_related("agency"),
            )
        )
    )
    for incident in incidents:
        clocks.extend(_incident_clocks(board, incident))
    for local in board.local_reviews.filter(published_on__isnull=True).select_related("review"):
        clocks.extend(_local_review_clocks(board, local))
    return sorted(clocks, key=lambda c: (c.deadline, c.key))
