"""Training: bookings within capacity, evaluation links that work once, anonymous and named
evaluations, follow-ups after three months, and impact summaries on known data."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from scrutiny.library.models import ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.plan.models import Priority
from scrutiny.questionnaires.models import Answer, Response
from scrutiny.training.impact import course_impacts, priority_impacts
from scrutiny.training.models import (
    Booking,
    Course,
    Evaluation,
    EvaluationInvitation,
    EvaluationStage,
    TrainingProgramme,
    TrainingSession,
    hash_token,
)
from scrutiny.training.services import evaluation_template, send_end_of_session_evaluations


@pytest.fixture
def programme(board):
    return TrainingProgramme.objects.create(board=board, year=2026)


@pytest.fixture
def priority(board):
    return Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def course(programme, priority):
    course = Course.objects.create(programme=programme, title="Recognising neglect")
    course.priorities.add(priority)
    return course


@pytest.fixture
def session(course):
    return TrainingSession.objects.create(
        course=course, date=datetime.date(2026, 5, 1), venue="Town hall", capacity=2
    )


def book(session, n, agency, attended=True):
    return Booking.objects.create(
        session=session,
        name=f"Practitioner {n}",
        email=f"p{n}@example.org",
        agency=agency,
        role="social_worker",
        attended=attended,
    )


def link_from(message) -> str:
    return re.search(r"http://\S+/evaluation/(\S+)/", message.body).group(0)


def evaluation_data(template, agree: dict[str, str]) -> dict[str, str]:
    """POST data answering every scale question; `agree` maps question codes to level codes."""
    data = {}
    for q in TemplateQuestion.objects.filter(section__template=template, answer_type="scale"):
        code = agree.get(q.code, "agree")
        data[f"q{q.pk}"] = str(ScaleLevel.objects.get(scale=q.scale, code=code).pk)
    return data


def add_evaluation(session, stage, levels: dict[str, str]):
    template = evaluation_template(stage)
    response = Response.objects.create(template=template)
    for q in TemplateQuestion.objects.filter(section__template=template, answer_type="scale"):
        Answer.objects.create(
            response=response,
            question=q,
            level=ScaleLevel.objects.get(scale=q.scale, code=levels.get(q.code, "agree")),
        )
    return Evaluation.objects.create(session=session, stage=stage, response=response)


def test_evaluation_link_works_once_and_is_anonymous(client, session, agency):
    booking = book(session, 1, agency)
    book(session, 2, agency, attended=False)
    assert send_end_of_session_evaluations(session) == 1
    assert send_end_of_session_evaluations(session) == 0  # never twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["p1@example.org"]
    url = link_from(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    token = url.rstrip("/").rsplit("/", 1)[1]
    invitation = EvaluationInvitation.objects.get()
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash

    assert client.get(url).status_code == 200
    data = evaluation_data(invitation.template, {})
    response = client.post(url, data)
    assert b"Thank you" in response.content
    evaluation = Evaluation.objects.get()
    assert evaluation.booking is None  # anonymous: not linked to the person
    assert evaluation.session == session and evaluation.stage == EvaluationStage.END_OF_SESSION

    again = client.post(url, data)
    assert again.status_code == 410 and b"already been answered" in again.content
    assert client.get(url).status_code == 410
    assert Evaluation.objects.count() == 1 and Response.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.answered_on is not None and booking.invitations.count() == 1


def test_named_evaluation_links_the_person(client, programme, session, agency):
    programme.anonymous_evaluations = False
    programme.save()
    booking = book(session, 1, agency)
    send_end_of_session_evaluations(session)
    url = link_from(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    client.post(url, evaluation_data(evaluation_template("end"), {}))
    assert Evaluation.objects.get().booking == booking


def test_missing_answers_are_named_and_nothing_is_saved(client, session, agency):
    book(session, 1, agency)
    send_end_of_session_evaluations(session)
    url = link_from(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Answer 1: The session increased my knowledge" in response.content.decode()
    assert not Evaluation.objects.exists()
    assert EvaluationInvitation.objects.get().answered_on is None


def test_unknown_link_is_not_found(client, db):
    assert client.get(reverse("training:evaluate", args=["nonsense"])).status_code == 404


def test_follow_ups_go_three_months_later_once(session, agency):
    book(session, 1, agency)
    book(session, 2, agency, attended=False)
    call_command("send_training_follow_ups", "--date=2026-07-30")  # 90 days: not yet
    assert len(mail.outbox) == 0
    call_command("send_training_follow_ups", "--date=2026-07-31")
    call_command("send_training_follow_ups", "--date=2026-08-01")
    assert len(mail.outbox) == 1
    assert EvaluationInvitation.objects.get().stage == EvaluationStage.FOLLOW_UP


def test_impact_summary_on_known_data(programme, course, session, priority, agency):
    book(session, 1, agency)
    book(session, 2, agency, attended=False)
    # Facilitator questions: 3 evaluations x 3 questions = 9 answers, 8 favourable (88.9%).
    add_evaluation(session, "end", {"knowledge": "strongly-agree"})
    add_evaluation(session, "end", {"knowledge": "disagree", "facilitator-knowledge": "neither"})
    add_evaluation(session, "end", {"knowledge": "agree", "confidence": "strongly-disagree"})
    add_evaluation(session, "follow_up", {"practice": "strongly-agree"})
    add_evaluation(session, "follow_up", {"practice": "neither"})

    impact = course_impacts(programme)[course.pk]
    assert (impact.booked, impact.attended) == (2, 1)
    end = impact.end
    assert end.responses == 3
    assert end.questions["knowledge"].share == pytest.approx(200 / 3)
    assert end.questions["confidence"].share == pytest.approx(200 / 3)
    assert end.questions["practice"].share == 100
    assert impact.facilitator_share == pytest.approx(800 / 9)
    assert impact.below_standard  # 88.9% < 95%
    assert impact.follow_up.responses == 2
    assert impact.follow_up.questions["practice"].share == 50

    programme.favourable_threshold = 85
    programme.save()
    assert not course_impacts(programme)[course.pk].below_standard

    [(p, by_priority, courses)] = priority_impacts(programme)
    assert p == priority and courses == [course]
    assert by_priority.end.questions["knowledge"].share == pytest.approx(200 / 3)


def test_course_page_flags_the_standard_and_shows_charts(
    client, login, make_user, board, course, session, agency
):
    add_evaluation(session, "end", {"facilitator-knowledge": "disagree"})
    login(client, make_user(Role.VIEWER, board=board))
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Below standard" in page and "<svg" in page
    assert "Practitioner" not in page


def test_booking_is_refused_when_full(client, login, make_user, board, session, agency):
    book(session, 1, agency)
    book(session, 2, agency)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("training:booking_add", args=[board.slug, session.course_id, session.pk])
    response = client.post(
        url, {"name": "Late", "email": "late@example.org", "agency": agency.pk, "role": "teacher"}
    )
    assert "The session is full: all 2 places are booked" in response.content.decode()
    assert session.bookings.count() == 2


def test_manager_records_attendance_and_sends_evaluations(
    client, login, make_user, board, session, agency
):
    present, absent = book(session, 1, agency, attended=None), book(session, 2, agency, None)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    args = [board.slug, session.course_id, session.pk]
    client.post(reverse("training:attendance", args=args), {"attended": [present.pk]})
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended is True and absent.attended is False
    client.post(reverse("training:send_evaluations", args=args))
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]


def test_viewer_cannot_send_and_other_board_is_hidden(
    client, login, make_user, board, other_board, session, agency
):
    args = [board.slug, session.course_id, session.pk]
    login(client, make_user(Role.VIEWER, board=board))
    assert client.post(reverse("training:send_evaluations", args=args)).status_code == 403
    login(client, make_user(Role.CHAIR, board=other_board))
    assert client.get(session.get_absolute_url()).status_code == 404
    wrong_board = [other_board.slug, session.course_id, session.pk]
    assert client.get(reverse("training:session", args=wrong_board)).status_code == 404


def test_programme_page_queries_do_not_grow(
    client, login, make_user, board, programme, priority, agency, django_assert_max_num_queries
):
    login(client, make_user(Role.VIEWER, board=board))

    def grow(n):
        for i in range(n):
            c = Course.objects.create(programme=programme, title=f"Course {i}")
            c.priorities.add(priority)
            s = TrainingSession.objects.create(
                course=c, date=datetime.date(2026, 6, 1), capacity=5, online=True
            )
            add_evaluation(s, "end", {})

    grow(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(programme.get_absolute_url())
    grow(4)
    with CaptureQueriesContext(connection) as large:
        client.get(programme.get_absolute_url())
    assert len(large) == len(small)


def test_exports(client, login, make_user, board, programme, course, session):
    add_evaluation(session, "end", {})
    login(client, make_user(Role.VIEWER, board=board))
    csv = client.get(reverse("training:impact_export", args=[board.slug, programme.pk, "csv"]))
    assert csv.status_code == 200 and "Recognising neglect" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("training:impact_export", args=[board.slug, programme.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
