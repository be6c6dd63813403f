"""Peer review workflows: invite, share evidence, record, close, turn recommendations into
actions, and write the letter."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionSource
from scrutiny.actions.services import raise_action
from scrutiny.core.exporters import Export, docx, pdf, safe_filename
from scrutiny.people.models import User
from scrutiny.selfassessment.models import EvidenceLink

from .models import Heading, PeerReview, PeerReviewer, Recommendation, SharedEvidence


class InviteRefused(ValueError):
    pass


def home_board_for(review: PeerReview, user: User):
    """The board in the host's region the invitee comes from; refused if there is none."""
    host = review.host_board
    if user.role_assignments.filter(board=host).exists():
        raise InviteRefused(f"{user.email} is a member of {host.short_name}: choose a peer")
    assignment = (
        user.role_assignments.filter(board__region_id=host.region_id)
        .exclude(board=host)
        .select_related("board")
        .order_by("board__name")
        .first()
    )
    if assignment is None:
        raise InviteRefused(
            f"{user.email} has no role on another board in {host.region}: "
            "peers come from the region's other boards"
        )
    return assignment.board


@transaction.atomic
def invite(review: PeerReview, email: str, invited_by: User) -> PeerReviewer:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or not user.is_active:
        raise InviteRefused(f"No one uses Scrutiny with the email address {email}")
    home = home_board_for(review, user)
    reviewer, _ = PeerReviewer.objects.get_or_create(
        review=review, user=user, defaults={"home_board": home, "invited_by": invited_by}
    )
    link = settings.SITE_URL + reverse("peerreview:peer_detail", args=[review.pk])
    send_mail(
        subject=f"Peer review of {review.host_board}: you are invited",
        message=(
            f"{invited_by.full_name} has invited you to the peer team for {review.title}.\n\n"
            f"You can read the board's self-assessment and the evidence it shares from "
            f"{review.starts_on:%d %B %Y} to {review.ends_on:%d %B %Y}:\n{link}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    return reviewer


@transaction.atomic
def share(review: PeerReview, links: list[EvidenceLink]) -> None:
    """Share exactly these evidence links (of the review's own self-assessment)."""
    allowed = {link.pk for link in links if link.assessment_id == review.assessment_id}
    review.shared.exclude(link_id__in=allowed).delete()
    have = set(review.shared.values_list("link_id", flat=True))
    SharedEvidence.objects.bulk_create(
        [SharedEvidence(review=review, link_id=pk) for pk in sorted(allowed - have)]
    )


def shared_links(review: PeerReview) -> list[EvidenceLink]:
    return list(
        EvidenceLink.objects.filter(
            pk__in=review.shared.values("link_id"), assessment=review.assessment
        ).select_related("question")
    )


def close(review: PeerReview) -> None:
    review.closed_at = timezone.now()
    review.save(update_fields=["closed_at"])


def recommendation_action(
    recommendation: Recommendation, *, owner: User | None, due: datetime.date, user: User
) -> Action:
    review = recommendation.review
    return raise_action(
        source=ActionSource.PEER_REVIEW,
        source_object=recommendation,
        source_key="recommendation",
        source_label=f"{review.title}: {recommendation.get_heading_display()}",
        boards=[review.host_board],
        agency=None,
        owner=owner,
        title=recommendation.text[:300],
        description=f"Peer review recommendation ({recommendation.get_heading_display()}).",
        due_date=due,
        created_by=user,
    )


def letter_sections(review: PeerReview) -> list[dict]:
    findings = list(review.findings.all())
    recommendations = list(review.recommendations.all())
    return [
        {
            "heading": label,
            "strengths": [f.text for f in findings if f.heading == code and f.kind == "strength"],
            "improvements": [
                f.text for f in findings if f.heading == code and f.kind == "improvement"
            ],
            "recommendations": [r.text for r in recommendations if r.heading == code],
        }
        for code, label in Heading.choices
    ]


def letter(review: PeerReview, export_format: str) -> Export:
    sections = letter_sections(review)
    reviewers = list(review.reviewers.select_related("user", "home_board"))
    name = safe_filename("peer-review-letter", review.host_board.short_name, str(review.starts_on))
    if export_format == "pdf":
        return pdf(
            f"{name}.pdf",
            "peerreview/letter_pdf.html",
            {"review": review, "sections": sections, "reviewers": reviewers},
        )

    def build(document) -> None:
        document.add_heading(f"Peer review of {review.host_board.name}", 0)
        document.add_paragraph(
            f"{review.title}, {review.starts_on:%d %B %Y} to {review.ends_on:%d %B %Y}"
        )
        document.add_paragraph(
            "Peer team: "
            + ", ".join(f"{r.user.full_name} ({r.home_board.short_name})" for r in reviewers)
        )
        if review.letter_summary:
            document.add_paragraph(review.letter_summary)
        for section in sections:
            document.add_heading(section["heading"], 1)
            for title, key in [
                ("Strengths", "strengths"),
                ("Areas for improvement", "improvements"),
                ("Recommendations", "recommendations"),
            ]:
                if section[key]:
                    document.add_heading(title, 2)
                    for text in section[key]:
                        document.add_paragraph(text, style="List Bullet")

    return docx(f"{name}.docx", build)
