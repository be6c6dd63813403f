"""An answered challenge of a return: the board records its outcome as a finding (with a
theme, linked back to the return, listed on its page); not before the answer, not by the
agency, and not through another board."""

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.findings.models import Finding, FindingKind
from scrutiny.people.models import Role
from scrutiny.returns import services

from .conftest import answers_post, detail_url, edit_url


@pytest.fixture
def challenged(client, login, lead, qa, board, police_return, s11):
    """The police return, submitted, challenged by the board's QA member."""
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    client.logout()
    return services.raise_challenge(
        police_return,
        board=board,
        question=None,
        text="How do you know supervision happens?",
        user=qa,
    )


def finding_url(board, challenge):
    return reverse(
        "returns:challenge_finding", args=[board.slug, challenge.agency_return_id, challenge.pk]
    )


def test_the_outcome_of_an_answered_challenge_is_recorded_as_a_finding(
    client, login, lead, qa, board, challenged
):
    services.respond_to_challenge(challenged, text="Supervision audit attached.", user=lead)
    challenged.refresh_from_db()
    theme = board.themes.get(name="Voice of the child")
    login(client, qa)
    page = client.get(detail_url(board, challenged.agency_return)).content.decode()
    assert finding_url(board, challenged) in page
    form = client.get(finding_url(board, challenged)).content.decode()
    assert "Supervision audit attached." in form  # the answer starts the finding's text
    response = client.post(
        finding_url(board, challenged),
        {
            "kind": FindingKind.AREA_FOR_IMPROVEMENT,
            "text": "Supervision is audited but not its quality",
            "theme": theme.code,
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.source == challenged
    assert finding.board == board
    assert finding.theme == theme
    assert finding.kind == FindingKind.AREA_FOR_IMPROVEMENT
    assert finding.recorded_by == qa
    assert finding.found_on == timezone.localdate(challenged.responded_at)  # day of the answer
    back = detail_url(board, challenged.agency_return) + f"#challenge-{challenged.pk}"
    assert finding.source_url == back
    assert response["Location"] == back
    page = client.get(detail_url(board, challenged.agency_return)).content.decode()
    assert "Supervision is audited but not its quality" in page


def test_no_finding_before_the_agency_answers(client, login, qa, board, challenged):
    login(client, qa)
    page = client.get(detail_url(board, challenged.agency_return)).content.decode()
    assert finding_url(board, challenged) not in page
    response = client.post(
        finding_url(board, challenged), {"kind": FindingKind.STRENGTH, "text": "x"}
    )
    assert response.status_code == 302
    assert not Finding.objects.exists()


def test_the_agency_lead_cannot_record_the_outcome(client, login, lead, board, challenged):
    services.respond_to_challenge(challenged, text="Answer", user=lead)
    login(client, lead)
    page = client.get(detail_url(board, challenged.agency_return)).content.decode()
    assert finding_url(board, challenged) not in page
    assert client.get(finding_url(board, challenged)).status_code == 403
    response = client.post(
        finding_url(board, challenged), {"kind": FindingKind.STRENGTH, "text": "x"}
    )
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_another_board_does_not_find_the_challenge(
    client, login, lead, make_user, board, other_board, challenged
):
    """The police return is asked by both boards; only the challenging board records."""
    services.respond_to_challenge(challenged, text="Answer", user=lead)
    login(client, make_user(Role.QA_MEMBER, board=other_board))
    url = reverse(
        "returns:challenge_finding",
        args=[other_board.slug, challenged.agency_return_id, challenged.pk],
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": FindingKind.STRENGTH, "text": "x"}).status_code == 404
    assert not Finding.objects.exists()
