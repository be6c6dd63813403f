"""Peer review workflows: invite, share evidence, record findings (through the one findings
service), close, turn recommendations into actions (raised from their findings), and write
the letter."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.core.exporters import Export, docx, pdf, safe_filename
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.findings.services import findings_for, raise_action_from_finding, record_finding
from scrutiny.people.models import User
from scrutiny.plan.models import Objective
from scrutiny.selfassessment.models import EvidenceLink
from scrutiny.tenancy.models import Agency

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


def peer_findings(review: PeerReview) -> list[Finding]:
    """The strengths and areas for improvement the peers recorded (not their recommendations,
    which are findings too but are listed as recommendations), each with `heading_label`."""
    labels = dict(Heading.choices)
    findings = list(
        findings_for(review)
        .filter(peer_recommendation__isnull=True)
        .order_by("heading", "kind", "pk")
    )
    for finding in findings:
        finding.heading_label = labels.get(finding.heading, "")  # type: ignore[attr-defined]
    return findings


def record_peer_finding(
    review: PeerReview, *, heading: str, kind: str, text: str, user: User
) -> Finding:
    """A peer's strength or area for improvement, a finding of the host board."""
    return record_finding(
        board=review.host_board,
        source=review,
        kind=kind,
        text=text,
        heading=heading,
        recorded_by=user,
    )


@transaction.atomic
def record_recommendation(
    review: PeerReview, *, heading: str, text: str, user: User
) -> Recommendation:
    """A peer's recommendation, recorded as an area for improvement the host can act on."""
    finding = record_finding(
        board=review.host_board,
        source=review,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text=text,
        heading=heading,
        recorded_by=user,
    )
    return Recommendation.objects.create(
        review=review, heading=heading, text=text, recorded_by=user, finding=finding
    )


def recommendation_action(
    recommendation: Recommendation,
    *,
    owner: User | None,
    due: datetime.date,
    user: User,
    agency: Agency | None = None,
    objective: Objective | None = None,
) -> Action:
    """The host accepts a recommendation: its action is raised from its finding."""
    finding = recommendation.finding
    if finding is None:  # recorded before recommendations were findings: record it now
        finding = record_finding(
            board=recommendation.review.host_board,
            source=recommendation.review,
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            text=recommendation.text,
            heading=recommendation.heading,
            recorded_by=recommendation.recorded_by,
        )
        recommendation.finding = finding
        recommendation.save(update_fields=["finding"])
    return raise_action_from_finding(
        finding,
        title=recommendation.text,
        owner=owner,
        agency=agency,
        due_date=due,
        objective=objective,
        created_by=user,
        description=f"Peer review recommendation ({recommendation.get_heading_display()}).",
    )


def letter_sections(review: PeerReview) -> list[dict]:
    findings = list(peer_findings(review))
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
