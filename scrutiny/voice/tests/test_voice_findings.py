"""The voice of children and staff as a source of findings: "you said" recorded as a finding
by those who keep the engagement register, listed on the activity's page."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.findings.models import Finding
from scrutiny.findings.services import record_finding
from scrutiny.people.models import Role
from scrutiny.voice.models import EngagementActivity


@pytest.fixture
def activity(board):
    return EngagementActivity.objects.create(
        board=board,
        voice="staff",
        kind="front_line_event",
        level="operational",
        title="Front-line forum",
        held_on=datetime.date(2026, 6, 1),
        you_said="We cannot reach the duty team after five",
    )


def test_you_said_becomes_a_finding(client, login, make_user, board, activity):
    member = make_user(Role.QA_MEMBER, board=board)
    login(client, member)
    url = reverse("voice:activity_finding", args=[board.slug, activity.pk])
    assert url in client.get(activity.get_absolute_url()).content.decode()
    form = client.get(url).content.decode()
    assert "Front-line staff said: We cannot reach the duty team after five" in form
    response = client.post(url, {"kind": "improvement", "text": "No out-of-hours duty contact"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.board, finding.source, finding.kind) == (board, activity, "improvement")
    assert finding.source_kind_label == "Voice" and finding.recorded_by == member
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "No out-of-hours duty contact" in page


def test_a_finding_needs_its_kind_and_words(client, login, make_user, board, activity):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("voice:activity_finding", args=[board.slug, activity.pk])
    page = client.post(url, {"text": ""}).content.decode()
    assert "Choose whether it is a strength or an area for improvement" in page
    assert "Describe the finding" in page
    assert not Finding.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.LAY_MEMBER, Role.VIEWER])
def test_who_may_not_record(client, login, make_user, board, agency, activity, role):
    login(client, make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None))
    url = reverse("voice:activity_finding", args=[board.slug, activity.pk])
    assert client.post(url, {"kind": "strength", "text": "x"}).status_code == 403
    assert url not in client.get(activity.get_absolute_url()).content.decode()
    assert not Finding.objects.exists()


def test_another_board_cannot_record_or_see(client, login, make_user, board, other_board, activity):
    record_finding(board=board, source=activity, kind="strength", text="Alpha own finding")
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    theirs = reverse("voice:activity_finding", args=[board.slug, activity.pk])
    assert client.post(theirs, {"kind": "strength", "text": "x"}).status_code == 404
    own = reverse("voice:activity_finding", args=[other_board.slug, activity.pk])
    assert client.post(own, {"kind": "strength", "text": "x"}).status_code == 404
    assert (
        client.get(reverse("voice:activity", args=[other_board.slug, activity.pk])).status_code
        == 404
    )
    assert Finding.objects.count() == 1
