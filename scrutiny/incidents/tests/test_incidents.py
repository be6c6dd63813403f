"""Serious incidents end to end through the pages: the register, the rapid review with the
agencies' contributions and the Panel's template, the decision, the local review and its
record in the reviews register; who may see and do what; the reminder command run twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutiny.core.workingdays import add_working_days
from scrutiny.incidents import services
from scrutiny.incidents.models import (
    ClockReminder,
    ContributionRequest,
    LocalReview,
    RapidReview,
    SeriousIncident,
)
from scrutiny.people.models import Role
from scrutiny.reviews.models import Review, ReviewKind, ReviewStatus

D = datetime.date


LEARNED = D(2026, 12, 23)


def make_incident(board, reference="SI 2026/07", learned=LEARNED, **kw):
    return services.record_incident(
        SeriousIncident(board=board, reference=reference, learned_on=learned, **kw)
    )


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def chair(make_user, board):
    return make_user(Role.CHAIR, board=board)


def test_the_manager_walks_register_rapid_review_decision_and_local_review(
    client, login, manager, board, agency, other_agency, make_user
):
    login(client, manager)
    response = client.post(
        reverse("incidents:add", args=[board.slug]),
        {
            "reference": "SI 2026/07",
            "summary": "Serious injury to an infant",
            "learned_on": "2026-12-23",
        },
    )
    incident = SeriousIncident.objects.get(board=board)
    assert response.status_code == 302
    rapid = RapidReview.objects.get(incident=incident)
    assert rapid.response.template.code == "rapid-review"
    page = client.get(reverse("incidents:detail", args=[board.slug, incident.pk]))
    # 5 working days from Wed 23 Dec 2026 (see test_clocks): Monday 4 January 2027.
    assert "Monday 4 January 2027" in page.content.decode()

    client.post(
        reverse("incidents:edit", args=[board.slug, incident.pk]),
        {
            "revision": incident.revision,
            "reference": "SI 2026/07",
            "learned_on": "2026-12-23",
            "panel_notified_on": "2026-12-24",
            "panel_notified_by": "Head of service",
        },
    )
    incident.refresh_from_db()
    assert incident.panel_notified_on == D(2026, 12, 24) and incident.panel_on_time
    rapid.refresh_from_db()
    # 15 working days from Thu 24 Dec 2026: Tuesday 19 January 2027 (see test_clocks).
    assert rapid.deadline == D(2027, 1, 19)

    client.post(
        reverse("incidents:request_add", args=[board.slug, incident.pk]),
        {"agency": agency.pk, "requested_on": "2026-12-29", "due_on": ""},
    )
    client.post(
        reverse("incidents:request_add", args=[board.slug, incident.pk]),
        {"agency": other_agency.pk, "requested_on": "2026-12-29", "due_on": "2027-01-08"},
    )
    police = ContributionRequest.objects.get(agency=agency)
    # The partnership's usual 5 working days from Tue 29 Dec: 30, 31, 4, 5, 6 Jan.
    assert police.due_on == D(2027, 1, 6)
    assert ContributionRequest.objects.get(agency=other_agency).due_on == D(2027, 1, 8)

    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    lead_client = login(Client(), lead)
    listing = lead_client.get(reverse("incidents:contributions", args=[board.slug]))
    listing = listing.content.decode()
    assert "Test Police" in listing and "Test Health Trust" not in listing
    lead_client.post(
        reverse("incidents:contribute", args=[board.slug, police.pk]),
        {"revision": police.revision, "contribution": "Two call-outs in the month before."},
    )
    police.refresh_from_db()
    assert police.received_on is not None and police.status == "Received"

    answers = client.get(reverse("incidents:rapid_review_answers", args=[board.slug, incident.pk]))
    assert answers.status_code == 200
    template = rapid.response.template
    data = {"revision": rapid.revision}
    for q in (q for s in template.sections.all() for q in s.questions.all()):
        data[f"q{q.pk}"] = "yes" if q.answer_type == "yes_no" else "What we found."
    assert (
        client.post(
            reverse("incidents:rapid_review_answers", args=[board.slug, incident.pk]), data
        ).status_code
        == 302
    )
    assert rapid.response.answers.count() == sum(
        s.questions.count() for s in template.sections.all()
    )

    rapid.refresh_from_db()
    client.post(
        reverse("incidents:rapid_review_edit", args=[board.slug, incident.pk]),
        {
            "revision": rapid.revision,
            "meeting_on": "2027-01-12",
            "decision": "lcspr",
            "decision_reason": "Learning about information sharing across the partnership.",
            "decided_on": "2027-01-12",
            "sent_to_panel_on": "2027-01-14",
        },
    )
    rapid.refresh_from_db()
    assert rapid.decision == "lcspr" and rapid.sent_to_panel_on == D(2027, 1, 14)
    rr_page = client.get(reverse("incidents:rapid_review", args=[board.slug, incident.pk]))
    assert "Start the local review" in rr_page.content.decode()

    start = reverse("incidents:local_review_add", args=[board.slug]) + f"?incident={incident.pk}"
    assert client.get(start).status_code == 200
    client.post(
        start,
        {
            "reference": "CSPR 2027/01",
            "title": "Injury to an infant",
            "decided_on": "2027-01-12",
            "reviewer": "Independent reviewer",
        },
    )
    local = LocalReview.objects.get(board=board)
    assert local.incident == incident
    review = Review.objects.get(board=board, reference="CSPR 2027/01")
    assert local.review == review
    assert (review.kind, review.status) == (ReviewKind.PRACTICE_REVIEW, ReviewStatus.COMMISSIONED)
    # Six months from 12 January 2027.
    assert local.final_deadline == D(2027, 7, 12)
    # Its recommendations are added where every review's are.
    assert (
        client.get(reverse("reviews:recommendation_add", args=[board.slug, review.pk])).status_code
        == 200
    )

    client.post(
        reverse("incidents:local_review_edit", args=[board.slug, local.pk]),
        {
            "revision": local.revision,
            "decided_on": "2027-01-12",
            "commissioned_on": "2027-01-20",
            "reviewer": "Independent reviewer",
            "final_on": "2027-06-30",
            "publication_planned_on": "2027-04-08",
        },
    )
    local.refresh_from_db()
    review.refresh_from_db()
    assert local.final_on_time and local.notice_deadline == D(2027, 3, 30)
    # Told Wed 31 Mar: 6 working days before Thu 8 Apr (1, 2, 5, 6, 7, 8 Apr): too late.
    local.panel_told_on = D(2027, 3, 31)
    assert local.notice_in_time is False
    local.panel_told_on = D(2027, 3, 30)
    assert local.notice_in_time is True
    assert (
        review.status == ReviewStatus.COMPLETED and review.lead_reviewer == "Independent reviewer"
    )


def test_publishing_needs_the_panel_told_and_an_address(client, login, manager, board):
    local = services.save_local_review(
        LocalReview(board=board, decided_on=D(2027, 1, 12)), reference="CSPR 1", title="A review"
    )
    login(client, manager)
    response = client.post(
        reverse("incidents:local_review_edit", args=[board.slug, local.pk]),
        {"revision": local.revision, "decided_on": "2027-01-12", "published_on": "2027-05-01"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter when the report went to the Panel" in text
    assert "Enter the address where it is published" in text


def test_a_name_in_the_reference_needs_confirming(client, login, manager, board):
    login(client, manager)
    response = client.post(
        reverse("incidents:add", args=[board.slug]),
        {"reference": "Jane Smith", "learned_on": "2026-12-23"},
    )
    assert response.status_code == 200
    assert not SeriousIncident.objects.exists()
    assert "reference_not_identifying" in response.content.decode()


def test_notification_cannot_come_before_the_incident_was_known(client, login, manager, board):
    login(client, manager)
    response = client.post(
        reverse("incidents:add", args=[board.slug]),
        {"reference": "SI 1", "learned_on": "2026-12-23", "panel_notified_on": "2026-12-20"},
    )
    assert "cannot be notified before" in response.content.decode()
    assert "Enter who notified the Panel" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.BUSINESS_MANAGER, 200, 200),
        (Role.CHAIR, 200, 200),
        (Role.QA_MEMBER, 200, 403),
        (Role.LAY_MEMBER, 200, 403),
        (Role.VIEWER, 403, 403),
        (Role.AGENCY_LEAD, 403, 403),
    ],
)
def test_who_reads_and_who_writes(client, login, make_user, board, agency, role, read, write):
    incident = make_incident(board)
    user = make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None)
    login(client, user)
    for name in ("incidents:detail", "incidents:rapid_review"):
        assert client.get(reverse(name, args=[board.slug, incident.pk])).status_code == read
    assert client.get(reverse("incidents:clocks", args=[board.slug])).status_code == read
    assert (
        client.get(reverse("incidents:edit", args=[board.slug, incident.pk])).status_code == write
    )
    assert client.get(reverse("incidents:add", args=[board.slug])).status_code == write


def test_agency_leads_see_only_their_own_agencys_requests(
    client, login, make_user, board, agency, other_agency
):
    incident = make_incident(board)
    mine = services.request_contribution(incident.rapid_review, agency, D(2026, 12, 29))
    theirs = services.request_contribution(incident.rapid_review, other_agency, D(2026, 12, 29))
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert (
        client.get(reverse("incidents:contribute", args=[board.slug, mine.pk])).status_code == 200
    )
    assert (
        client.get(reverse("incidents:contribute", args=[board.slug, theirs.pk])).status_code == 403
    )
    response = client.post(
        reverse("incidents:contribute", args=[board.slug, theirs.pk]),
        {"revision": theirs.revision, "contribution": "Not ours"},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.contribution == "" and theirs.received_on is None


def test_another_board_gets_404(client, login, make_user, board, other_board):
    incident = make_incident(board)
    local = services.save_local_review(
        LocalReview(board=board, decided_on=D(2027, 1, 12)), reference="CSPR 1", title="A review"
    )
    outsider = make_user(Role.BUSINESS_MANAGER, board=other_board)
    login(client, outsider)
    assert client.get(reverse("incidents:register", args=[board.slug])).status_code == 404
    # Under their own board's address, this board's records do not exist.
    for name, pk in [
        ("incidents:detail", incident.pk),
        ("incidents:rapid_review", incident.pk),
        ("incidents:edit", incident.pk),
        ("incidents:local_review", local.pk),
    ]:
        assert client.get(reverse(name, args=[other_board.slug, pk])).status_code == 404
    listing = client.get(reverse("incidents:clocks", args=[other_board.slug])).content.decode()
    assert "SI 2026/07" not in listing and "CSPR 1" not in listing


def test_the_board_home_panel_is_for_the_chair_and_business_manager(
    client, login, make_user, board, manager, settings
):
    settings.SCRUTINY_CLOCK_AMBER_WORKING_DAYS = 3
    today = timezone.localdate()
    # The Panel and Ofsted are due 5 working days after the day the authority learned of it:
    # learned 3 working days ago leaves 2, or 3 from a weekend (amber); learned 10 ago, passed.
    make_incident(board, learned=add_working_days(today, -3), ofsted_applies=True)
    make_incident(board, "SI 2026/01", learned=add_working_days(today, -10), ofsted_applies=True)
    login(client, manager)
    home = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    clocks_url = reverse("incidents:clocks", args=[board.slug])
    assert 'id="panel-clocks"' in home and "Notify the Panel of SI 2026/01" in home
    assert f'href="{clocks_url}?state=passed" data-count="2"' in home
    assert f'href="{clocks_url}?state=due-soon" data-count="2"' in home
    assert f'href="{clocks_url}?state=on-track" data-count="0"' in home
    passed = client.get(clocks_url + "?state=passed").content.decode()
    assert "Notify Ofsted of SI 2026/01" in passed and "SI 2026/07" not in passed
    soon = client.get(clocks_url + "?state=due-soon").content.decode()
    assert "Notify Ofsted of SI 2026/07" in soon and "SI 2026/01" not in soon
    login(client, make_user(Role.QA_MEMBER, board=board))
    home = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    assert 'id="panel-clocks"' not in home


def test_an_agency_lead_sees_on_their_work_page_only_their_own_open_requests(
    client, login, make_user, board, agency, other_agency
):
    incident = make_incident(board)
    mine = services.request_contribution(incident.rapid_review, agency, D(2026, 12, 29))
    theirs = services.request_contribution(incident.rapid_review, other_agency, D(2026, 12, 29))
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    home = client.get(reverse("core:board_home", args=[board.slug])).content.decode()
    assert 'id="panel-clocks"' not in home
    work = client.get(reverse("core:my_work")).content.decode()
    assert reverse("incidents:contribute", args=[board.slug, mine.pk]) in work
    assert reverse("incidents:contribute", args=[board.slug, theirs.pk]) not in work
    mine.received_on = D(2026, 12, 30)
    mine.save()
    work = client.get(reverse("core:my_work")).content.decode()
    assert reverse("incidents:contribute", args=[board.slug, mine.pk]) not in work


def test_clock_page_lists_every_open_clock_with_days_left(
    client, login, manager, board, agency, settings
):
    settings.SCRUTINY_CLOCK_AMBER_WORKING_DAYS = 3
    incident = make_incident(board, ofsted_applies=True)
    login(client, manager)
    text = client.get(reverse("incidents:clocks", args=[board.slug])).content.decode()
    assert "Notify the Panel of SI 2026/07" in text and "Notify Ofsted of SI 2026/07" in text
    incident.panel_notified_on = D(2026, 12, 24)
    incident.panel_notified_by = "Head of service"
    incident.save()
    services.request_contribution(incident.rapid_review, agency, D(2026, 12, 29))
    # The page is kept until something changes: the Panel's clock has stopped.
    text = client.get(reverse("incidents:clocks", args=[board.slug])).content.decode()
    assert "Notify the Panel of SI 2026/07" not in text and "Notify Ofsted of SI 2026/07" in text
    keys = [c.key for c in services.open_clocks(board)]
    assert keys == [
        f"incident-{incident.pk}-ofsted_notification",  # Mon 4 Jan 2027
        f"contribution-{ContributionRequest.objects.get().pk}",  # Wed 6 Jan 2027
        f"incident-{incident.pk}-rapid_review",  # Tue 19 Jan 2027
    ]


def test_the_kept_register_offers_recording_only_to_those_who_may(
    client, login, manager, make_user, board
):
    url = reverse("incidents:register", args=[board.slug])
    add = reverse("incidents:add", args=[board.slug])
    incident = make_incident(board)
    qa = make_user(Role.QA_MEMBER, board=board)  # before the visit: a new role is a change
    login(client, manager)
    assert add in client.get(url).content.decode()  # drawn for a manager and kept
    login(client, qa)
    page = client.get(url).content.decode()
    assert incident.reference in page and add not in page


def test_reminders_are_sent_once(board, manager, chair, agency, make_user, settings):
    settings.SCRUTINY_CLOCK_REMINDER_WORKING_DAYS = 2
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    incident = make_incident(board)  # Panel notification due Mon 4 Jan 2027
    # Tue 29 Dec: 30, 31, 4 = 3 working days left: too early.
    call_command("send_clock_reminders", "--date=2026-12-29")
    assert len(mail.outbox) == 0
    # Wed 30 Dec: 31, 4 = 2 left: one reminder to the chair and the business manager.
    call_command("send_clock_reminders", "--date=2026-12-30")
    call_command("send_clock_reminders", "--date=2026-12-30")
    call_command("send_clock_reminders", "--date=2026-12-31")
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([manager.email, chair.email])
    assert "Notify the Panel of SI 2026/07" in mail.outbox[0].subject
    # Tue 5 Jan: passed; one more, once.
    call_command("send_clock_reminders", "--date=2027-01-05")
    call_command("send_clock_reminders", "--date=2027-01-05")
    assert len(mail.outbox) == 2 and "deadline passed" in mail.outbox[1].subject
    assert ClockReminder.objects.count() == 2
    # A contribution's reminder goes to the agency's leads too; none once it is received.
    incident.panel_notified_on = D(2027, 1, 5)
    incident.panel_notified_by = "Head of service"
    incident.save()
    req = services.request_contribution(incident.rapid_review, agency, D(2027, 1, 5), D(2027, 1, 8))
    call_command("send_clock_reminders", "--date=2027-01-06")  # Thu 7, Fri 8 = 2 left
    assert lead.email in mail.outbox[-1].to and len(mail.outbox) == 3
    assert f"/b/{board.slug}/incidents/contributions/{req.pk}/" in mail.outbox[-1].body
    req.received_on = D(2027, 1, 6)
    req.save()
    call_command("send_clock_reminders", "--date=2027-01-11")
    assert len(mail.outbox) == 3


def test_two_people_editing_one_incident_the_second_is_told(client, login, manager, board):
    incident = make_incident(board)
    loaded = incident.revision
    login(client, manager)
    address = reverse("incidents:edit", args=[board.slug, incident.pk])
    first = {"revision": loaded, "reference": "SI 2026/07", "learned_on": "2026-12-23"}
    assert client.post(address, {**first, "summary": "First"}).status_code == 302
    second = client.post(address, {**first, "summary": "Second"})
    assert second.status_code == 409
    incident.refresh_from_db()
    assert incident.summary == "First"


def test_open_clocks_reads_a_fixed_number_of_queries(board, agency, other_agency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            services.open_clocks(board)
        return len(ctx.captured_queries)

    first = make_incident(board, reference="SI 1")
    services.request_contribution(first.rapid_review, agency, D(2026, 12, 29))
    services.save_local_review(
        LocalReview(board=board, decided_on=D(2027, 1, 12)), reference="CSPR 1", title="A"
    )
    # incidents with their rapid reviews; requests with their agencies; local reviews with
    # their register records
    assert count() == 3
    for n in range(2, 5):
        more = make_incident(board, reference=f"SI {n}")
        services.request_contribution(more.rapid_review, agency, D(2026, 12, 29))
        services.request_contribution(more.rapid_review, other_agency, D(2026, 12, 29))
        services.save_local_review(
            LocalReview(board=board, decided_on=D(2027, 1, 12)), reference=f"CSPR {n}", title="A"
        )
    assert count() == 3
    # 4 Panel notifications; 1 + 2 × 3 contributions; 4 final reports
    assert len(services.open_clocks(board)) == 4 + (1 + 2 * 3) + 4
