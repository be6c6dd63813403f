"""Voice: the engagement register's rules, the anonymous public form (no login, honeypot,
rate limit, no personal data), and the results summary on known data."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.questionnaires.models import Response
from scrutiny.voice import feedback
from scrutiny.voice.feedback import summarise
from scrutiny.voice.models import EngagementActivity, FeedbackForm, FeedbackSubmission


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def template(db):
    return FrameworkTemplate.objects.get(code="have-your-say", owner_board=None)


@pytest.fixture
def public_form(board, template):
    return FeedbackForm.objects.create(
        board=board, slug="young-people", title="Have your say", template=template
    )


def answers(template, levels: dict[str, str], text: str = "") -> dict[str, str]:
    data = {}
    for q in TemplateQuestion.objects.filter(section__template=template):
        if q.answer_type == "scale" and q.code in levels:
            data[f"q{q.pk}"] = str(ScaleLevel.objects.get(scale=q.scale, code=levels[q.code]).pk)
        elif q.answer_type == "text":
            data[f"q{q.pk}"] = text
    return data


REQUIRED = {"listened-to": "yes-a-lot", "know-who-to-tell": "yes-a-bit", "feel-safe": "not-sure"}


def test_anonymous_young_person_answers_without_signing_in(client, public_form, template):
    url = public_form.get_public_url()
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "You do not need to tell us who you are" in content
    assert 'name="email"' not in content and "Sign out" not in content
    response = client.post(url, answers(template, REQUIRED, "More youth clubs"))
    assert response.status_code == 302
    submission = FeedbackSubmission.objects.get()
    assert submission.form == public_form
    assert submission.response.answers.filter(text="More youth clubs").exists()


def test_text_that_names_someone_is_refused(client, public_form, template):
    response = client.post(
        public_form.get_public_url(), answers(template, REQUIRED, "Mrs Green at 12 Oak Road")
    )
    page = response.content.decode()
    assert (
        "Please take out anything that could show who someone is: “12 Oak Road” looks like an "
        "address; “Mrs Green” looks like a name"
    ) in page
    assert "_not_identifying" not in page  # the public are never asked to confirm
    assert not FeedbackSubmission.objects.exists()
    # A tick sent anyway confirms nothing.
    text_field = next(k for k, v in answers(template, REQUIRED, "x").items() if v == "x")
    response = client.post(
        public_form.get_public_url(),
        answers(template, REQUIRED, "Mrs Green at 12 Oak Road")
        | {f"{text_field}_not_identifying": "yes"},
    )
    assert "Please take out anything that could show who someone is" in response.content.decode()
    assert not FeedbackSubmission.objects.exists()


def test_honeypot_stores_nothing_but_thanks(client, public_form, template):
    data = answers(template, REQUIRED) | {"website": "http://spam.example"}
    response = client.post(public_form.get_public_url(), data)
    assert response.status_code == 302
    assert not FeedbackSubmission.objects.exists() and not Response.objects.exists()


def test_rate_limit_per_address(client, public_form, template, monkeypatch):
    monkeypatch.setattr(feedback, "RATE_LIMIT_PER_HOUR", 2)
    url = public_form.get_public_url()
    for _ in range(2):
        assert client.post(url, answers(template, REQUIRED)).status_code == 302
    refused = client.post(url, answers(template, REQUIRED))
    assert refused.status_code == 429 and b"try again" in refused.content
    assert FeedbackSubmission.objects.count() == 2
    other = client.post(url, answers(template, REQUIRED), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_closed_form_takes_no_answers(client, public_form, template):
    public_form.is_open = False
    public_form.save()
    client.post(public_form.get_public_url(), answers(template, REQUIRED))
    assert not FeedbackSubmission.objects.exists()


def test_results_summary_on_known_data(client, login, make_user, board, public_form, template):
    for level in ["yes-a-lot", "yes-a-bit", "not-sure", "not-at-all"]:
        client.post(
            public_form.get_public_url(),
            answers(template, REQUIRED | {"listened-to": level}, "Listen more"),
        )
    total, results = summarise(public_form)
    assert total == 4
    listened = results[0]
    assert listened.answered == 4 and listened.positive == 2 and listened.positive_share == 50
    assert [c.count for c in listened.levels] == [1, 1, 1, 0, 1]
    assert results[-1].texts == ["Listen more"] * 4
    login(client, make_user(Role.LAY_MEMBER, board=board))
    page = client.get(public_form.get_absolute_url()).content.decode()
    assert "4 answers" in page and "<svg" in page and "50% gave one" in page


def test_engagement_register_rules(client, login, make_user, board, other_board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    url = reverse("voice:activity_add", args=[board.slug]) + "?voice=children"
    base = {
        "title": "Children in care council",
        "kind": "young_peoples_group",
        "level": "special_groups",
        "held_on": "2026-06-01",
        "you_said": "Too many changes of social worker",
    }
    refused = client.post(url, base)
    assert "Choose the special group the activity was with" in refused.content.decode()
    client.post(url, base | {"special_group": "looked_after", "we_did": "Raised at the board"})
    activity = EngagementActivity.objects.get()
    assert activity.voice == "children" and activity.recorded_by == manager
    assert activity.level_label == "Special groups: Looked-after children"

    staff = client.post(
        reverse("voice:activity_add", args=[board.slug]) + "?voice=staff",
        base | {"kind": "young_peoples_group", "level": "operational"},
    )
    assert "is for children and young people" in staff.content.decode()

    register = client.get(reverse("voice:register", args=[board.slug]) + "?voice=children")
    assert b"Too many changes of social worker" in register.content
    assert b"Raised at the board" in register.content
    staff_register = client.get(reverse("voice:register", args=[board.slug]) + "?voice=staff")
    assert b"Too many changes" not in staff_register.content

    EngagementActivity.objects.create(
        board=other_board, voice="children", kind="survey", level="strategic",
        title="CANARY", held_on=datetime.date(2026, 1, 1), you_said="CANARY",
    )  # fmt: skip
    assert b"CANARY" not in client.get(reverse("voice:register", args=[board.slug])).content
    export = client.get(reverse("voice:register_export", args=[board.slug, "csv"]))
    assert b"CANARY" not in export.content and "Children in care council" in export.content.decode(
        "utf-8-sig"
    )


def test_viewer_cannot_record_and_outsider_sees_nothing(
    client, login, make_user, board, other_board, public_form
):
    login(client, make_user(Role.VIEWER, board=board))
    assert client.get(reverse("voice:activity_add", args=[board.slug])).status_code == 403
    login(client, make_user(Role.CHAIR, board=other_board))
    assert client.get(public_form.get_absolute_url()).status_code == 404
