"""The self-assessment suggests findings from every source, each saying where it came from
and why it was suggested, linking back to its source."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.dataset.tests.values import hold
from scrutiny.findings.services import record_finding
from scrutiny.library.models import FrameworkTemplate, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.selfassessment import evidence, services
from scrutiny.training.models import Course, TrainingProgramme
from scrutiny.voice.models import EngagementActivity


@pytest.fixture
def ofsted(db):
    return FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)


def _course(board, title):
    programme = TrainingProgramme.objects.create(board=board, year=2026)
    return Course.objects.create(programme=programme, title=title)


@pytest.fixture
def sources(board, other_board):
    forum = EngagementActivity.objects.create(
        board=board,
        voice="children",
        kind="consultation",
        level="strategic",
        title="Youth forum",
        held_on=datetime.date(2026, 6, 1),
        you_said="Nobody explained the plan",
    )
    value = hold(board, "assessments-45-days", "2025 Q4", datetime.date(2025, 12, 31), 50, 100)
    course = _course(board, "Neglect course")
    # Recorded oldest first: the finder lists the newest first.
    record_finding(board=board, source=forum, kind="improvement", text="Plans not explained")
    record_finding(board=board, source=value, kind="improvement", text="Workforce stretched")
    record_finding(board=board, source=course, kind="improvement", text="Standard missed")
    record_finding(
        board=other_board,
        source=_course(other_board, "Beta course"),
        kind="improvement",
        text="Beta standard missed",
    )
    return forum, value, course


def test_findings_from_every_source_say_why(board, ofsted, sources):
    forum, value, course = sources
    question = TemplateQuestion.objects.get(section__template=ofsted, number="82")
    criterion = evidence.criterion_for(question, ofsted.code)  # keywords: training, workforce...
    result = {k.kind: c for k, c in evidence.suggestions(board, criterion)}
    findings = result["findings"]
    # Ranked by keywords matched (one each for the first two), then newest first.
    assert [(c.label, c.reason, c.url) for c in findings] == [
        (
            "Area for improvement (Training): Standard missed",
            "a finding from training; mentions “training”",
            reverse("training:course", args=[board.slug, course.pk]),
        ),
        (
            "Area for improvement (Data set): Workforce stretched",
            "a finding from data set; mentions “workforce”",
            reverse("dataset:indicator", args=[board.slug, "assessments-45-days"]),
        ),
        (
            "Area for improvement (Voice): Plans not explained",
            "a finding from voice; the criterion rests on this kind of evidence",
            reverse("voice:activity", args=[board.slug, forum.pk]),
        ),
    ]


def test_the_criterion_page_offers_them(client, login, make_user, board, ofsted, sources):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    assessment = services.start_assessment(board, ofsted, manager)
    question = TemplateQuestion.objects.get(section__template=ofsted, number="82")
    login(client, manager)
    url = reverse("selfassessment:criterion", args=[board.slug, assessment.pk, question.pk])
    page = client.get(url).content.decode()
    assert "a finding from voice; the criterion rests on this kind of evidence" in page
    assert "Plans not explained" in page and "Beta standard missed" not in page
