"""A learning review's key lessons recorded as the board's findings: with a theme, linked
back to the review, listed on its page, an action raised from one; refused to agency leads,
and another board's review is not found."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.actions.models import Action, ActionSource
from scrutiny.findings.models import Finding, FindingKind
from scrutiny.findings.services import findings_for
from scrutiny.findings.thematic import thematic_view
from scrutiny.people.models import Role
from scrutiny.reviews import services
from scrutiny.reviews.tests.test_reviews import add_rec, make_review


@pytest.fixture
def qa(make_user, board):
    return make_user(Role.QA_MEMBER, board=board)


def test_a_lesson_is_recorded_with_its_theme_and_listed_on_the_review(client, login, board, qa):
    review = make_review(board, completed=datetime.date(2025, 6, 1))
    theme = board.themes.get(name="Voice of the child")
    login(client, qa)
    url = reverse("reviews:lesson_finding", args=[board.slug, review.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": FindingKind.AREA_FOR_IMPROVEMENT,
            "text": "Practitioners did not ask the child what life was like at home",
            "theme": theme.code,
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.source == review
    assert finding.board == board
    assert finding.theme == theme
    assert finding.kind == FindingKind.AREA_FOR_IMPROVEMENT
    assert finding.recorded_by == qa
    assert finding.found_on == datetime.date(2025, 6, 1)  # the review's completion
    assert finding.source_url == reverse("reviews:detail", args=[board.slug, review.pk])
    page = client.get(reverse("reviews:detail", args=[board.slug, review.pk])).content.decode()
    assert "Practitioners did not ask the child what life was like at home" in page
    assert reverse("findings:raise_action", args=[board.slug, finding.pk]) in page


def test_an_action_is_raised_from_a_lesson_and_shown_under_it(client, login, board, qa, agency):
    review = make_review(board)
    finding = services.record_review_lesson(
        review, kind=FindingKind.STRENGTH, text="Good multi-agency meetings", theme=None, user=qa
    )
    login(client, qa)
    response = client.post(
        reverse("findings:raise_action", args=[board.slug, finding.pk]),
        {"title": "Share the meeting model", "agency": agency.pk, "due_date": "2027-03-31"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source_object == finding
    assert action.source == ActionSource.REVIEW
    page = client.get(reverse("reviews:detail", args=[board.slug, review.pk])).content.decode()
    assert "Share the meeting model" in page


def test_a_lessons_year_follows_the_reviews_completion(board, qa):
    review = make_review(board, completed=None, commissioned=datetime.date(2024, 9, 1))
    services.record_review_lesson(
        review, kind=FindingKind.STRENGTH, text="Lesson", theme=None, user=qa
    )
    review.completed_on = datetime.date(2025, 9, 1)
    review.save()
    services.refresh_review_findings(review)
    assert [f.found_on for f in findings_for(review)] == [datetime.date(2025, 9, 1)]


def test_an_agency_lead_cannot_record_a_lesson(client, login, board, agency, make_user):
    review = make_review(board)
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    url = reverse("reviews:lesson_finding", args=[board.slug, review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": FindingKind.STRENGTH, "text": "x"}).status_code == 403
    assert not Finding.objects.exists()
    page = client.get(reverse("reviews:detail", args=[board.slug, review.pk])).content.decode()
    assert url not in page


def test_another_boards_review_lesson_page_is_not_found(client, login, board, other_board, qa):
    review = make_review(other_board)
    login(client, qa)
    url = reverse("reviews:lesson_finding", args=[board.slug, review.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": FindingKind.STRENGTH, "text": "x"}).status_code == 404
    assert not Finding.objects.exists()


def test_a_retired_theme_is_not_offered(client, login, board, qa):
    review = make_review(board)
    retired = board.themes.get(name="Voice of the child")
    retired.retired = True
    retired.save()
    login(client, qa)
    url = reverse("reviews:lesson_finding", args=[board.slug, review.pk])
    assert "Voice of the child" not in client.get(url).content.decode()
    response = client.post(url, {"kind": FindingKind.STRENGTH, "text": "x", "theme": retired.code})
    assert response.status_code == 200
    assert not Finding.objects.exists()


def test_a_review_counts_once_in_the_thematic_view_with_its_lessons(board, qa):
    """A recommendation and a lesson of the same review on one theme: two findings, one
    piece of evidence; a second review makes two."""
    first = make_review(board)
    add_rec(first, 1, "Hear the child", ["Voice of the child"])
    voice = board.themes.get(name="Voice of the child")
    services.record_review_lesson(
        first, kind=FindingKind.AREA_FOR_IMPROVEMENT, text="Not asked", theme=voice, user=qa
    )
    row = next(r for r in thematic_view(board).rows if r.theme == voice)
    assert (row.total, row.sources) == (2, 1)
    second = make_review(board, reference="CSPR 2025/02")
    services.record_review_lesson(
        second, kind=FindingKind.AREA_FOR_IMPROVEMENT, text="Unheard", theme=voice, user=qa
    )
    row = next(r for r in thematic_view(board).rows if r.theme == voice)
    assert (row.total, row.sources) == (3, 2)
