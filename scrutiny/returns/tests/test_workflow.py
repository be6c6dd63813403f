"""Schedule, complete, submit, reopen, challenge and accept a return."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action
from scrutiny.findings.models import Finding
from scrutiny.people.models import Role
from scrutiny.returns.models import AgencyReturn, EventKind, ReturnRequest, ReturnStatus

from .conftest import answers_post, detail_url, edit_url, level, questions


def test_business_manager_asks_agencies_for_returns(
    client, login, manager, board, agency, other_agency, s11
):
    login(client, manager)
    response = client.post(
        reverse("returns:schedule", args=[board.slug]),
        {
            "template": s11.pk,
            "period_label": "2026-27",
            "period_start": "2026-04-01",
            "period_end": "2027-03-31",
            "due_date": "2026-12-31",
            "agencies": [agency.pk, other_agency.pk],
        },
        follow=True,
    )
    assert b"2 agencies asked for Section 11 audit, 2026-27" in response.content
    assert ReturnRequest.objects.filter(board=board).count() == 2
    assert set(AgencyReturn.objects.values_list("agency__name", flat=True)) == {
        "Test Police",
        "Test Health Trust",
    }


def test_an_agency_on_two_boards_answers_one_section_11_return(
    client, login, make_user, police_return, board, other_board
):
    assert police_return.requests.count() == 2
    assert AgencyReturn.objects.count() == 1
    other_manager = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, other_manager)
    page = client.get(reverse("returns:list", args=[other_board.slug]))
    assert b"Section 11 audit" in page.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period_end": "2026-01-01"}, b"The period must end after it starts"),
        ({"agencies": []}, b"Choose at least one agency"),
        ({"due_date": ""}, b"Enter the date the return is due"),
    ],
)
def test_scheduling_mistakes_are_explained_and_nothing_is_saved(
    client, login, manager, board, agency, s11, change, message
):
    login(client, manager)
    data = {
        "template": s11.pk,
        "period_label": "2026-27",
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "due_date": "2026-12-31",
        "agencies": [agency.pk],
    }
    data.update(change)
    response = client.post(reverse("returns:schedule", args=[board.slug]), data)
    assert message in response.content
    assert not AgencyReturn.objects.exists()


def test_annual_report_needs_its_subject(client, login, manager, board, agency):
    from scrutiny.library.models import FrameworkTemplate

    annual = FrameworkTemplate.objects.get(code="agency-annual-report")
    login(client, manager)
    data = {
        "template": annual.pk,
        "period_label": "2026-27",
        "period_start": "2026-04-01",
        "period_end": "2027-03-31",
        "due_date": "2027-06-30",
        "agencies": [agency.pk],
    }
    response = client.post(reverse("returns:schedule", args=[board.slug]), data)
    assert b"Choose which report" in response.content
    lado = annual.subjects.get(code="lado")
    client.post(reverse("returns:schedule", args=[board.slug]), data | {"subject": lado.pk})
    assert (
        AgencyReturn.objects.get().title
        == "Local Authority Designated Officer (LADO) annual report"
    )


def test_lead_saves_a_partial_draft(client, login, lead, board, police_return, s11):
    login(client, lead)
    first = questions(s11)[0]
    data = {"intent": "save", "revision": "0", f"q{first.pk}": str(level(s11, "fully-met").pk)}
    response = client.post(edit_url(board, police_return), data)
    assert response.status_code == 302
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.DRAFT and police_return.revision == 1
    assert police_return.response.answers.get(question=first).level.code == "fully-met"


def test_draft_is_private_to_the_agency(
    client, login, make_user, lead, board, police_return, s11, other_agency, qa
):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11))
    client.logout()
    # the board's QA member sees the return exists but not its draft answers
    login(client, qa)
    page = client.get(detail_url(board, police_return))
    assert page.status_code == 200
    assert b"Drafts stay with the agency" in page.content
    assert b"Evidence for 1.1" not in page.content
    assert client.get(edit_url(board, police_return)).status_code == 403
    client.logout()
    # another agency's lead cannot even find it
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=other_agency))
    assert client.get(detail_url(board, police_return)).status_code == 404
    assert client.get(edit_url(board, police_return)).status_code == 404
    assert b"Test Police" not in client.get(reverse("returns:list", args=[board.slug])).content


def test_submit_demands_every_answer(client, login, lead, board, police_return, s11):
    login(client, lead)
    first = questions(s11)[0]
    response = client.post(
        edit_url(board, police_return), answers_post(s11, intent="submit", skip={first.code})
    )
    assert response.status_code == 200
    assert b"Answer 1.1: A named senior manager" in response.content
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.DRAFT
    assert not police_return.response.answers.exists()  # an invalid submit saves nothing


def test_rating_below_the_top_needs_a_planned_improvement(
    client, login, lead, board, police_return, s11
):
    login(client, lead)
    data = answers_post(s11, intent="submit", below={"s11-5-2": "partially-met"})
    q = next(q for q in questions(s11) if q.code == "s11-5-2")
    del data[f"q{q.pk}_action"]
    response = client.post(edit_url(board, police_return), data)
    assert b"5.2 is rated Partially met: say what you will do to improve" in response.content
    assert not Action.objects.exists()


def test_submitting_raises_actions_seen_by_every_board(
    client, login, lead, board, other_board, police_return, s11
):
    login(client, lead)
    data = answers_post(
        s11, intent="submit", below={"s11-5-2": "partially-met", "s11-6-2": "not-met"}
    )
    response = client.post(edit_url(board, police_return), data)
    assert response.status_code == 302
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.SUBMITTED and police_return.submitted_by == lead
    actions = Action.objects.order_by("title")
    assert [a.title for a in actions] == ["5.2 Improve 5.2", "6.2 Improve 6.2"]
    for action in actions:
        assert set(action.boards.all()) == {board, other_board}
        assert action.agency == police_return.agency and action.owner == lead
        assert action.due_date == datetime.date(2027, 3, 31)
    # resubmitting after a reopen updates the same actions rather than adding more
    client.post(reverse("returns:reopen", args=[board.slug, police_return.pk]), {"reason": "Typo"})
    police_return.refresh_from_db()
    data = answers_post(
        s11,
        intent="submit",
        below={"s11-5-2": "partially-met", "s11-6-2": "not-met"},
        revision=police_return.revision,
    )
    client.post(edit_url(board, police_return), data)
    assert Action.objects.count() == 2
    # Each rating is an area for improvement of every board that asked for the return (two
    # ratings x two boards), recorded once however often the return is submitted; each action
    # is raised from the first board's finding and links back to it.
    findings = Finding.objects.filter(kind="improvement").order_by("board", "heading")
    assert [(f.board, f.heading) for f in findings] == [
        (board, "s11-5-2"),
        (board, "s11-6-2"),
        (other_board, "s11-5-2"),
        (other_board, "s11-6-2"),
    ]
    assert all(f.source == police_return for f in findings)
    assert findings[0].text.startswith("Rated Partially met: ")
    first_board = min([board, other_board], key=lambda b: b.pk)
    assert {a.source_object for a in Action.objects.all()} == set(
        findings.filter(board=first_board)
    )


def test_a_submitted_return_cannot_be_edited_until_reopened(
    client, login, lead, board, police_return, s11
):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.SUBMITTED
    assert client.get(edit_url(board, police_return)).status_code == 302
    changed = answers_post(s11, rated="not-met", revision=police_return.revision)
    client.post(edit_url(board, police_return), changed)
    assert not police_return.response.answers.filter(level__code="not-met").exists()

    refused = client.post(
        reverse("returns:reopen", args=[board.slug, police_return.pk]), {"reason": ""}, follow=True
    )
    assert b"Say why the return is being reopened" in refused.content
    client.post(
        reverse("returns:reopen", args=[board.slug, police_return.pk]),
        {"reason": "New training figures"},
    )
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.DRAFT
    event = police_return.events.get(kind=EventKind.REOPENED)
    assert event.actor == lead and event.note == "New training figures"


def test_two_people_editing_one_draft_do_not_overwrite_each_other(
    client, login, make_user, lead, board, agency, police_return, s11
):
    colleague = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    from django.test import Client

    other = login(Client(), colleague)
    login(client, lead)
    first = questions(s11)[0]
    # both open the draft at revision 0; the colleague saves first
    theirs = {"intent": "save", "revision": "0", f"q{first.pk}": str(level(s11, "not-met").pk)}
    assert other.post(edit_url(board, police_return), theirs).status_code == 302
    mine = {"intent": "save", "revision": "0", f"q{first.pk}": str(level(s11, "fully-met").pk)}
    response = client.post(edit_url(board, police_return), mine)
    assert response.status_code == 409  # a conflict, not a save
    content = response.content.decode()
    assert "Someone else has saved this return" in content
    assert colleague.full_name in content
    assert "1.1 A named senior manager" in content  # the question where the two differ
    answer = police_return.response.answers.get(question=first)
    assert answer.level.code == "not-met"  # theirs stands
    # saving again from the conflict page (now at the new revision) keeps mine, knowingly
    police_return.refresh_from_db()
    client.post(edit_url(board, police_return), mine | {"revision": str(police_return.revision)})
    answer.refresh_from_db()
    assert answer.level.code == "fully-met"


def test_challenge_answer_and_accept(client, login, lead, qa, board, police_return, s11):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    client.logout()

    login(client, qa)
    page = client.get(detail_url(board, police_return))
    assert b"Evidence for 1.1" in page.content  # submitted answers are visible to the board
    client.post(
        reverse("returns:challenge", args=[board.slug, police_return.pk]),
        {"text": "How do you know supervision happens?", "question": ""},
    )
    refused = client.post(
        reverse("returns:accept", args=[board.slug, police_return.pk]), follow=True
    )
    assert b"1 challenge still wait for the agency" in refused.content
    client.logout()

    login(client, lead)
    challenge = police_return.challenges.get()
    client.post(
        reverse("returns:respond", args=[board.slug, police_return.pk, challenge.pk]),
        {"response": "Supervision audit attached."},
    )
    client.logout()

    login(client, qa)
    client.post(reverse("returns:accept", args=[board.slug, police_return.pk]))
    request = police_return.requests.get(board=board)
    assert request.accepted_by == qa
    kinds = list(police_return.events.values_list("kind", "actor"))
    assert (EventKind.CHALLENGED, qa.pk) in kinds
    assert (EventKind.RESPONDED, lead.pk) in kinds
    assert (EventKind.ACCEPTED, qa.pk) in kinds
    # acceptance is the board's own: the other board has not accepted
    assert police_return.requests.exclude(board=board).get().accepted_at is None


def test_qa_sends_a_return_back(client, login, lead, qa, board, police_return, s11):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    client.logout()
    login(client, qa)
    client.post(
        reverse("returns:reopen", args=[board.slug, police_return.pk]),
        {"reason": "Evidence missing for 6.2"},
    )
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.DRAFT
    event = police_return.events.get(kind=EventKind.SENT_BACK)
    assert event.actor == qa and event.board == board


def test_lay_member_reads_but_cannot_challenge_or_accept(
    client, login, make_user, lead, board, police_return, s11
):
    login(client, lead)
    client.post(edit_url(board, police_return), answers_post(s11, intent="submit"))
    client.logout()
    login(client, make_user(Role.LAY_MEMBER, board=board))
    assert client.get(detail_url(board, police_return)).status_code == 200
    assert (
        client.post(reverse("returns:accept", args=[board.slug, police_return.pk])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("returns:challenge", args=[board.slug, police_return.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("returns:reopen", args=[board.slug, police_return.pk]), {"reason": "x"}
        ).status_code
        == 403
    )


def test_qa_records_a_challenge_session(client, login, qa, board, agency, police_return):
    login(client, qa)
    url = reverse("returns:sessions", args=[board.slug])
    missing = client.post(url, {"agency": agency.pk, "held_on": "", "attendees": ""})
    assert (
        b"Enter the date of the session" in missing.content
        and b"Say who attended" in missing.content
    )
    response = client.post(
        url,
        {
            "agency": agency.pk,
            "agency_return": police_return.pk,
            "held_on": "2026-11-02",
            "attendees": "QA group; police safeguarding lead",
            "findings": "Good ownership",
            "strengths": "Clear lead",
            "weaknesses": "Training gaps",
            "action_plan": "Training plan by March",
        },
        follow=True,
    )
    assert b"The challenge session with Test Police has been recorded" in response.content
    assert b"Training plan by March" in response.content


def test_session_must_match_the_agency_of_its_return(
    client, login, qa, board, other_agency, police_return
):
    login(client, qa)
    response = client.post(
        reverse("returns:sessions", args=[board.slug]),
        {
            "agency": other_agency.pk,
            "agency_return": police_return.pk,
            "held_on": "2026-11-02",
            "attendees": "QA",
        },
    )
    assert b"That return is not from Test Health Trust" in response.content


def test_viewer_cannot_record_a_session(client, login, make_user, board, agency):
    login(client, make_user(Role.VIEWER, board=board))
    url = reverse("returns:sessions", args=[board.slug])
    assert client.get(url).status_code == 200
    assert (
        client.post(
            url, {"agency": agency.pk, "held_on": "2026-11-02", "attendees": "x"}
        ).status_code
        == 403
    )


def test_a_boards_adapted_template_can_be_asked_for_by_that_board_only(
    client, login, manager, board, other_board, s11
):
    from scrutiny.library.loader import dump_template, load_library_sources
    from scrutiny.returns.forms import ScheduleForm

    adapted_yaml = (
        dump_template(s11)
        .replace("title: Section 11 audit", "title: Alpha Section 11")
        .replace("version: 1", "version: 2")
    )
    (adapted,) = load_library_sources(
        [("alpha.yaml", adapted_yaml.encode())], owner_board=board
    ).loaded
    login(client, manager)
    assert (
        "Alpha Section 11"
        in client.get(reverse("returns:schedule", args=[board.slug])).content.decode()
    )
    assert adapted in ScheduleForm(board=board).fields["template"].queryset
    assert adapted not in ScheduleForm(board=other_board).fields["template"].queryset
