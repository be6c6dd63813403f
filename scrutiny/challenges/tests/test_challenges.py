"""The challenge log: raise, respond, escalate when unanswered, close, export successes."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from scrutiny.challenges.models import Challenge, EscalationLevel
from scrutiny.challenges.services import escalate_overdue
from scrutiny.people.models import Role


@pytest.fixture
def chair(make_user, board):
    return make_user(Role.CHAIR, board=board, email="chair@example.org")


@pytest.fixture
def challenge(board, agency, chair):
    return Challenge.objects.create(
        board=board,
        to_agency=agency,
        raised_by=chair,
        issue="Why are strategy discussions late?",
        raised_on=datetime.date(2026, 9, 1),
        response_due=datetime.date(2026, 9, 30),
    )


def test_chair_logs_a_challenge(client, login, chair, board, agency, other_agency):
    login(client, chair)
    url = reverse("challenges:raise", args=[board.slug])
    bad = client.post(
        url,
        {
            "to_agency": agency.pk,
            "from_agency": agency.pk,
            "issue": "x",
            "raised_on": "2026-09-10",
            "response_due": "2026-09-01",
        },
    )
    assert b"An agency cannot challenge itself" in bad.content
    assert b"The response cannot be due before the challenge was raised" in bad.content
    client.post(
        url,
        {
            "to_agency": agency.pk,
            "issue": "Strategy discussions",
            "evidence": "Audit",
            "raised_on": "2026-09-10",
            "response_due": "2026-10-10",
        },
    )
    c = Challenge.objects.get()
    assert c.raised_by == chair and c.status_label == "Awaiting response"


def test_unanswered_challenges_escalate_one_level_at_a_time(
    make_user, challenge, board, agency, chair
):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency, email="lead@police.example")
    assert escalate_overdue(datetime.date(2026, 9, 30)).escalated == []  # due today: not yet
    run = escalate_overdue(datetime.date(2026, 10, 1))
    assert run.escalated == [challenge]
    challenge.refresh_from_db()
    assert challenge.escalation_level == EscalationLevel.BUSINESS_MANAGER
    assert challenge.response_due == datetime.date(2026, 10, 15)
    (email,) = mail.outbox
    assert sorted(email.to) == sorted([chair.email, lead.email])
    assert "escalated to level 1" in email.subject
    assert escalate_overdue(datetime.date(2026, 10, 2)).escalated == []  # new date not passed yet
    escalate_overdue(datetime.date(2026, 10, 16))
    escalate_overdue(datetime.date(2026, 10, 31))
    escalate_overdue(datetime.date(2026, 11, 20))  # the top level stays with the board
    challenge.refresh_from_db()
    assert challenge.escalation_level == EscalationLevel.BOARD
    assert list(challenge.escalations.values_list("level", flat=True)) == [1, 2, 3]


def test_an_answered_challenge_is_not_escalated(challenge, make_user):
    challenge.response = "Fixed"
    challenge.responded_at = datetime.datetime(2026, 9, 20, tzinfo=datetime.UTC)
    challenge.save()
    assert escalate_overdue(datetime.date(2026, 10, 5)).escalated == []


def test_escalation_command(challenge, capsys):
    call_command("escalate_challenges", "--date", "2026-10-01")
    assert "1 challenge(s) escalated." in capsys.readouterr().out


def test_agency_lead_responds_only_to_their_agencys_challenges(
    client, login, make_user, challenge, board, agency, other_agency
):
    other_lead = make_user(Role.AGENCY_LEAD, board=board, agency=other_agency)
    login(client, other_lead)
    url = reverse("challenges:detail", args=[board.slug, challenge.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"response": "Not ours"}).status_code == 404
    client.logout()
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    client.post(url, {"response": "Strategy discussions now within 3 days"})
    challenge.refresh_from_db()
    assert challenge.response == "Strategy discussions now within 3 days"
    assert client.post(url, {"outcome": "Closed", "impact": ""}).status_code == 403


def test_chair_closes_and_exports_successes(client, login, chair, challenge, board):
    login(client, chair)
    url = reverse("challenges:detail", args=[board.slug, challenge.pk])
    assert b"Record the outcome" in client.post(url, {"outcome": "", "impact": ""}).content
    client.post(url, {"outcome": "Timeliness improved", "impact": "Children seen sooner"})
    challenge.refresh_from_db()
    assert challenge.closed_on is not None and challenge.closed_by == chair
    export = client.get(reverse("challenges:list", args=[board.slug]), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Raised", "By", "To")
    assert rows[1][7:9] == ("Timeliness improved", "Children seen sooner")


def test_challenges_stay_on_their_board(client, login, make_user, challenge, other_board):
    login(client, make_user(Role.CHAIR, board=other_board))
    assert (
        b"strategy discussions"
        not in client.get(
            reverse("challenges:list", args=[other_board.slug]), {"show": "all"}
        ).content
    )
    assert (
        client.get(reverse("challenges:detail", args=[other_board.slug, challenge.pk])).status_code
        == 404
    )


def test_a_closed_challenges_outcome_can_be_recorded_as_a_finding(
    client, login, chair, challenge, board
):
    from scrutiny.findings.models import Finding

    login(client, chair)
    url = reverse("challenges:detail", args=[board.slug, challenge.pk])
    neglect = board.themes.get(code="neglect")
    client.post(
        url,
        {
            "outcome": "Strategy discussions now include health",
            "impact": "",
            "finding_kind": "improvement",
            "theme": neglect.pk,
        },
    )
    finding = Finding.objects.get()
    assert (finding.board, finding.source, finding.kind, finding.theme, finding.recorded_by) == (
        board,
        challenge,
        "improvement",
        neglect,
        chair,
    )
    assert finding.text == "Strategy discussions now include health"
    assert finding.source_kind_label == "Challenge" and finding.source_url == url
    assert f'id="finding-{finding.pk}"' in client.get(url).content.decode()


def test_a_challenge_logged_shows_at_once_on_the_kept_log(client, login, chair, board, agency):
    login(client, chair)
    url = reverse("challenges:list", args=[board.slug])
    assert "No challenges here." in client.get(url).content.decode()  # now kept
    client.post(
        reverse("challenges:raise", args=[board.slug]),
        {
            "to_agency": agency.pk,
            "issue": "Strategy discussions",
            "raised_on": "2026-09-10",
            "response_due": "2026-10-10",
        },
    )
    page = client.get(url).content.decode()
    assert "Strategy discussions" in page and "No challenges here." not in page


def test_the_kept_log_shows_each_person_what_their_grants_let_them_see(
    client, login, make_user, chair, board, agency, other_agency
):
    ours = Challenge.objects.create(  # raised by the board, not by the other agency
        board=board,
        to_agency=agency,
        raised_by=chair,
        issue="To our agency",
        raised_on=datetime.date(2026, 9, 1),
        response_due=datetime.date(2026, 9, 30),
    )
    Challenge.objects.create(
        board=board,
        to_agency=other_agency,
        issue="To the other agency",
        raised_on=datetime.date(2026, 9, 1),
        response_due=datetime.date(2026, 9, 30),
    )
    url = reverse("challenges:list", args=[board.slug])

    def seen(person, show="open") -> set[str]:
        client.logout()
        login(client, person)
        page = client.get(url, {"show": show}).content.decode()
        return {issue for issue in ("To our agency", "To the other agency") if issue in page}

    both = {"To our agency", "To the other agency"}
    assert seen(make_user(Role.BUSINESS_MANAGER, board=board)) == both  # now kept for members
    # Agency leads see only their agency's, whoever raised the challenge: one who raised it
    # and one who did not, with the same grants, are shown the same list.
    raiser = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    ours.raised_by = raiser
    ours.save()
    assert seen(raiser) == {"To our agency"}
    assert seen(make_user(Role.AGENCY_LEAD, board=board, agency=agency)) == {"To our agency"}
    assert seen(make_user(Role.AGENCY_LEAD, board=board, agency=other_agency)) == {
        "To the other agency"
    }
    # "To answer" is by the agencies the person leads.
    assert seen(make_user(Role.AGENCY_LEAD, board=board, agency=agency), "to_answer") == {
        "To our agency"
    }
    assert seen(make_user(Role.AGENCY_LEAD, board=board, agency=other_agency), "to_answer") == {
        "To the other agency"
    }
    assert seen(make_user(Role.BUSINESS_MANAGER, board=board), "to_answer") == set()
    assert seen(make_user(Role.BUSINESS_MANAGER, board=board)) == both
