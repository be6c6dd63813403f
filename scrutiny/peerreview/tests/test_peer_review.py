"""Peer review: the peer team sees only the self-assessment and the evidence shared, only while
the review is open; the host invites, shares, closes and turns recommendations into actions;
the letter downloads as Word and PDF."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionSource
from scrutiny.findings.models import Finding
from scrutiny.library.models import FrameworkTemplate, TemplateQuestion
from scrutiny.peerreview import services
from scrutiny.peerreview.models import PeerReview, Recommendation
from scrutiny.people.models import Role
from scrutiny.selfassessment import services as sa_services
from scrutiny.selfassessment.models import EvidenceLink
from scrutiny.tenancy.models import Board


@pytest.fixture
def ofsted(db):
    return FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)


@pytest.fixture
def host_manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def peer(make_user, other_board):
    return make_user(Role.QA_MEMBER, board=other_board)


def _link(assessment, ofsted, number, label, summary):
    question = TemplateQuestion.objects.get(section__template=ofsted, number=number)
    finding = Finding.objects.create(
        board=assessment.board,
        kind="strength",
        theme=assessment.board.themes.get(code="other"),
        text=summary,
        source_type=ContentType.objects.get_for_model(Board),
        source_id=assessment.board.pk,
    )
    return EvidenceLink.objects.create(
        assessment=assessment,
        question=question,
        kind="findings",
        target_type=ContentType.objects.get_for_model(Finding),
        target_id=finding.pk,
        label=label,
        summary=summary,
    )


@pytest.fixture
def review(board, ofsted, host_manager, peer):
    assessment = sa_services.start_assessment(board, ofsted, host_manager)
    today = timezone.localdate()
    item = PeerReview.objects.create(
        host_board=board,
        assessment=assessment,
        title="Regional peer review 2026",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=14),
        created_by=host_manager,
    )
    services.invite(item, peer.email, host_manager)
    shared = _link(assessment, ofsted, "84", "Shared: challenge log summary", "Seven challenges")
    _link(assessment, ofsted, "79", "Private: audit notes", "Not for peers")
    services.share(item, [shared])
    return item


def _evidence_url(review, label):
    link = EvidenceLink.objects.get(label=label)
    return reverse("peerreview:peer_evidence", args=[review.pk, link.pk])


def test_peer_sees_the_self_assessment_and_shared_evidence_only(client, login, peer, review):
    login(client, peer)
    page = client.get(reverse("peerreview:peer_detail", args=[review.pk])).content.decode()
    assert "Shared: challenge log summary" in page
    assert "Private: audit notes" not in page
    response = client.get(_evidence_url(review, "Shared: challenge log summary"))
    assert response.status_code == 200 and b"Seven challenges" in response.content
    assert client.get(_evidence_url(review, "Private: audit notes")).status_code == 404


def test_peer_cannot_reach_the_host_boards_own_pages(client, login, peer, review, board):
    login(client, peer)
    for url in [
        review.assessment.get_absolute_url(),
        reverse("selfassessment:list", args=[board.slug]),
        reverse("peerreview:host_detail", args=[board.slug, review.pk]),
        reverse("actions:tracker", args=[board.slug]),
    ]:
        assert client.get(url).status_code == 404, url


def test_someone_not_on_the_peer_team_is_not_told_the_review_exists(
    client, login, make_user, other_board, review
):
    login(client, make_user(Role.QA_MEMBER, board=other_board))
    assert client.get(reverse("peerreview:peer_detail", args=[review.pk])).status_code == 404
    assert client.get(_evidence_url(review, "Shared: challenge log summary")).status_code == 404


@pytest.mark.parametrize("how", ["closed", "expired", "not_started", "left_board"])
def test_everything_is_refused_once_access_ends(client, login, peer, review, how):
    today = timezone.localdate()
    if how == "closed":
        services.close(review)
    elif how == "expired":
        PeerReview.objects.filter(pk=review.pk).update(ends_on=today - datetime.timedelta(days=1))
    elif how == "not_started":
        PeerReview.objects.filter(pk=review.pk).update(starts_on=today + datetime.timedelta(days=1))
    else:
        peer.role_assignments.all().delete()
    login(client, peer)
    for url in [
        reverse("peerreview:peer_detail", args=[review.pk]),
        _evidence_url(review, "Shared: challenge log summary"),
        reverse("peerreview:peer_summary", args=[review.pk]),
        reverse("peerreview:peer_letter", args=[review.pk, "pdf"]),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("peerreview:peer_finding", args=[review.pk]),
        {"finding-heading": "vision", "finding-kind": "strength", "finding-text": "Late"},
    )
    assert response.status_code == 403 and not Finding.objects.filter(heading="vision").exists()
    listing = client.get(reverse("peerreview:peer_list")).content.decode()
    assert "not open to you now" in listing


def test_unsharing_takes_evidence_away_at_once(client, login, peer, review):
    services.share(review, [])
    login(client, peer)
    assert client.get(_evidence_url(review, "Shared: challenge log summary")).status_code == 404


def test_share_ignores_evidence_of_another_assessment(review, board, other_board, ofsted, peer):
    theirs = sa_services.start_assessment(other_board, ofsted, peer)
    foreign = _link(theirs, ofsted, "77", "Other board's evidence", "Theirs")
    services.share(review, [foreign, *EvidenceLink.objects.filter(assessment=review.assessment)])
    labels = {s.link.label for s in review.shared.select_related("link")}
    assert labels == {"Shared: challenge log summary", "Private: audit notes"}


def test_peers_record_findings_and_recommendations_that_become_actions(
    client, login, peer, review, host_manager, board
):
    login(client, peer)
    client.post(
        reverse("peerreview:peer_finding", args=[review.pk]),
        {
            "finding-heading": "challenge",
            "finding-kind": "strength",
            "finding-text": "Challenge is routine",
        },
    )
    response = client.post(
        reverse("peerreview:peer_recommendation", args=[review.pk]),
        {"recommendation-heading": "capacity", "recommendation-text": "Fund a QA officer post"},
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("peerreview:peer_recommendation", args=[review.pk]), {"recommendation-text": ""}
    )
    assert "This field is required" in bad.content.decode()
    recommendation = Recommendation.objects.get()
    # Both go through the findings service: findings of the host board, from the review.
    strength = Finding.objects.get(heading="challenge")
    assert (strength.board, strength.source, strength.kind, strength.recorded_by) == (
        board,
        review,
        "strength",
        peer,
    )
    improvement = recommendation.finding
    assert (improvement.source, improvement.kind, improvement.heading) == (
        review,
        "improvement",
        "capacity",
    )
    assert [f.text for f in services.peer_findings(review)] == ["Challenge is routine"]

    login(client, host_manager)
    url = reverse("peerreview:host_action", args=[board.slug, review.pk, recommendation.pk])
    due = timezone.localdate() + datetime.timedelta(days=60)
    assert client.post(url, {"owner": host_manager.pk, "due_date": due}).status_code == 302
    action = Action.objects.get()
    assert action.source == ActionSource.PEER_REVIEW and action.title == "Fund a QA officer post"
    assert action.source_object == improvement  # raised from the recommendation's finding
    assert list(action.boards.all()) == [board] and action.owner == host_manager
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Make this an action" not in page


def test_letter_as_word_and_pdf(client, login, peer, review):
    from docx import Document

    services.record_peer_finding(
        review, heading="vision", kind="improvement", text="Priorities are too many", user=peer
    )
    login(client, peer)
    response = client.get(reverse("peerreview:peer_letter", args=[review.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Vision and leadership" in text and "Priorities are too many" in text
    assert "Working Together compliance" in text
    pdf = client.get(reverse("peerreview:peer_letter", args=[review.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_invitations_go_only_to_people_from_another_board_in_the_region(
    client, login, host_manager, review, make_user, board, far_board
):
    assert mail.outbox and "peer-reviews/" in mail.outbox[0].body
    login(client, host_manager)
    url = review.get_absolute_url()
    own = make_user(Role.LAY_MEMBER, board=board)
    far = make_user(Role.CHAIR, board=far_board)
    for email, problem in [
        (own.email, "is a member of Alpha"),
        (far.email, "has no role on another board in Test Region"),
        ("nobody@example.org", "No one uses Scrutiny with the email address"),
    ]:
        response = client.post(url, {"form": "invite", "email": email})
        assert problem in response.content.decode(), email
    assert review.reviewers.count() == 1


def test_host_pages_need_the_permission(client, login, make_user, board, review):
    login(client, make_user(Role.QA_MEMBER, board=board))
    assert client.get(review.get_absolute_url()).status_code == 403


def test_review_dates_are_checked(client, login, host_manager, board, review):
    login(client, host_manager)
    today = timezone.localdate()
    response = client.post(
        reverse("peerreview:host_add", args=[board.slug]),
        {
            "assessment": review.assessment.pk,
            "title": "Backwards",
            "starts_on": today,
            "ends_on": today - datetime.timedelta(days=1),
        },
    )
    assert "The end date must be on or after the start date" in response.content.decode()
