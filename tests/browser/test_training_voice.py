"""A participant answers an evaluation through the emailed link (and cannot use it twice); an
anonymous young person answers the public form; the training and voice pages pass axe."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from scrutiny.demo.plan import create_demo_plan
from scrutiny.demo.training_voice import create_demo_training_and_voice
from scrutiny.training.models import (
    Booking,
    Course,
    Evaluation,
    TrainingProgramme,
    TrainingSession,
)
from scrutiny.training.services import send_end_of_session_evaluations
from scrutiny.voice.models import FeedbackSubmission

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_answers_through_the_emailed_link_once(page: Page, demo):  # noqa: F811
    board = demo.boards.get(slug="ashbourne")
    programme = TrainingProgramme.objects.create(board=board, year=2026)
    course = Course.objects.create(programme=programme, title="Recognising neglect")
    session = TrainingSession.objects.create(
        course=course, date=datetime.date(2026, 5, 1), venue="Town hall", capacity=10
    )
    Booking.objects.create(
        session=session,
        name="Sam Practitioner",
        email="sam@example.org",
        agency=board.agencies.first(),
        role="social_worker",
        attended=True,
    )
    send_end_of_session_evaluations(session)
    path = re.search(r"/evaluation/\S+/", mail.outbox[0].body).group(0)

    page.goto(path)
    expect(page.get_by_role("heading", name="Evaluate “Recognising neglect”")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    questions = page.locator(".scrutiny-question")
    for i in range(questions.count()):
        option = questions.nth(i).get_by_label("Agree", exact=True)
        if option.count():
            option.check()
    page.get_by_label("4 What will you do differently?").fill("Use the neglect toolkit")
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Evaluation.objects.count() == 1

    page.goto(path)
    expect(
        page.get_by_role("heading", name="This evaluation has already been answered")
    ).to_be_visible()
    assert_accessible(page)
    assert Evaluation.objects.count() == 1


def test_anonymous_young_person_answers_the_public_form(page: Page, demo):  # noqa: F811
    create_demo_plan(demo)
    create_demo_training_and_voice(demo)
    before = FeedbackSubmission.objects.count()
    page.goto("/have-your-say/ashbourne/have-your-say/")
    expect(page.get_by_role("heading", name="Have your say")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="1 Do adults listen to you").get_by_label("Yes, a bit").check()
    page.get_by_role("group", name="2 If you were worried").get_by_label("Yes, a lot").check()
    page.get_by_role("group", name="3 Do you feel safe").get_by_label("Not sure").check()
    page.get_by_label("5 What is one thing").fill("More places to go after school")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We got your answers")).to_be_visible()
    assert_accessible(page)
    assert FeedbackSubmission.objects.count() == before + 1


def test_training_and_voice_pages_are_accessible(page: Page, demo):  # noqa: F811
    create_demo_plan(demo)
    create_demo_training_and_voice(demo)
    board = demo.boards.get(slug="ashbourne")
    programme = board.training_programmes.get()
    course = programme.courses.first()
    session = course.sessions.first()
    form = board.feedback_forms.get()
    sign_in(page, "qa.ashbourne")
    for path in [
        "/b/ashbourne/training/",
        programme.get_absolute_url(),
        f"/b/ashbourne/training/programmes/{programme.pk}/impact/",
        course.get_absolute_url(),
        session.get_absolute_url(),
        "/b/ashbourne/voice/",
        "/b/ashbourne/voice/?voice=staff",
        "/b/ashbourne/voice/forms/",
        form.get_absolute_url(),
        "/b/ashbourne/voice/activities/add/?voice=children",
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(programme.get_absolute_url())
    expect(page.locator("#courses")).to_contain_text("Below standard")
