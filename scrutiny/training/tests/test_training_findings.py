"""Training as a source of findings: what a course's evaluations suggest, recorded on the
course page by those who run the programme, listed there, and raising actions."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.findings.models import Finding
from scrutiny.people.models import Role
from scrutiny.training.findings import finding_suggestions
from scrutiny.training.impact import course_impacts
from scrutiny.training.models import Course, TrainingProgramme, TrainingSession
from scrutiny.training.tests.test_training import add_evaluation


@pytest.fixture
def course(board):
    programme = TrainingProgramme.objects.create(board=board, year=2026)
    return Course.objects.create(programme=programme, title="Recognising neglect")


@pytest.fixture
def session(course):
    return TrainingSession.objects.create(
        course=course, date=datetime.date(2026, 5, 1), venue="Town hall", capacity=10
    )


def test_suggestions_from_the_facilitator_standard_and_follow_up(course, session):
    # Facilitator: 2 evaluations x 3 facilitator questions = 6 answers; one "disagree", so
    # 5 of 6 favourable = 83% against the 95% standard: missed.
    add_evaluation(session, "end", {})
    add_evaluation(session, "end", {"facilitator-knowledge": "disagree"})
    # Follow-up "practice": 1 of 2 favourable (50%); "shared": 2 of 2 (100%).
    add_evaluation(session, "follow_up", {"practice": "neither"})
    add_evaluation(session, "follow_up", {})
    suggestions = {
        s.key: s
        for s in finding_suggestions(course.title, course_impacts(course.programme)[course.pk])
    }
    facilitator = suggestions["facilitator"]
    assert facilitator.kind == "improvement"
    assert facilitator.text == (
        "“Recognising neglect” missed the facilitator standard: 83% of 6 answers on the "
        "facilitator were favourable, against the programme's standard of 95%."
    )
    assert suggestions["follow-up:practice"].kind == "improvement"
    assert "50% of 2 answers agreed or strongly agreed" in suggestions["follow-up:practice"].text
    assert suggestions["follow-up:shared"].kind == "strength"
    assert "end:knowledge" not in suggestions  # end-of-session questions other than the standard


def test_no_evaluations_no_suggestions(course):
    assert finding_suggestions(course.title, course_impacts(course.programme)[course.pk]) == []


def test_manager_records_a_suggested_finding_on_the_course_page(
    client, login, make_user, board, course, session
):
    add_evaluation(session, "end", {"facilitator-knowledge": "disagree"})
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    page = client.get(course.get_absolute_url()).content.decode()
    add_url = reverse("training:course_finding", args=[board.slug, course.pk])
    assert f"{add_url}?from=facilitator" in page and "No findings recorded from this course" in page

    form = client.get(f"{add_url}?from=facilitator").content.decode()
    assert "missed the facilitator standard" in form
    response = client.post(add_url, {"kind": "improvement", "text": "Facilitator standard missed"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.board, finding.source, finding.recorded_by) == (board, course, manager)
    assert finding.source_kind_label == "Training"

    page = client.get(course.get_absolute_url()).content.decode()
    assert "Facilitator standard missed" in page
    assert reverse("findings:raise_action", args=[board.slug, finding.pk]) in page


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.LAY_MEMBER, Role.VIEWER])
def test_who_may_not_record(client, login, make_user, board, agency, course, role):
    login(client, make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None))
    url = reverse("training:course_finding", args=[board.slug, course.pk])
    assert client.post(url, {"kind": "strength", "text": "x"}).status_code == 403
    page = client.get(course.get_absolute_url()).content.decode()
    assert url not in page
    assert not Finding.objects.exists()


def test_another_board_cannot_record_or_see(client, login, make_user, board, other_board, course):
    from scrutiny.findings.services import record_finding

    record_finding(board=board, source=course, kind="strength", text="Alpha own finding")
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    theirs = reverse("training:course_finding", args=[board.slug, course.pk])
    assert client.post(theirs, {"kind": "strength", "text": "x"}).status_code == 404
    own = reverse("training:course_finding", args=[other_board.slug, course.pk])
    assert client.post(own, {"kind": "strength", "text": "x"}).status_code == 404
    assert Finding.objects.count() == 1
