"""Pinned query counts for the training pages, at two data sizes (see
core/tests/query_counts.py): SIZE programmes; the programme shown holds SIZE courses, each
serving a priority with SIZE sessions that have an end-of-session evaluation."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page
from scrutiny.people.models import Role
from scrutiny.plan.models import Priority
from scrutiny.training.models import Course, EvaluationStage, TrainingProgramme, TrainingSession

from .test_training import add_evaluation


@pytest.fixture
def programmes_of(client, login, make_user, board):
    def build(size):
        programmes = [
            TrainingProgramme.objects.create(board=board, year=2026 - n) for n in range(size)
        ]
        for n in range(size):
            priority = Priority.objects.create(
                board=board,
                title=f"Priority {n}",
                start_date=datetime.date(2026, 4, 1),
                end_date=datetime.date(2027, 3, 31),
            )
            course = Course.objects.create(programme=programmes[0], title=f"Course {n}")
            course.priorities.add(priority)
            for s in range(size):
                session = TrainingSession.objects.create(
                    course=course, date=datetime.date(2026, 6, 1 + s), capacity=5, online=True
                )
                add_evaluation(session, EvaluationStage.END_OF_SESSION, {})
        login(client, make_user(Role.BUSINESS_MANAGER, board=board))
        return programmes[0]

    return build


@pytest.mark.parametrize("size", SIZES)
def test_training_home(client, board, programmes_of, size, django_assert_num_queries):
    programmes_of(size)
    # the programmes (with their count of courses)
    get_page(
        client,
        reverse("training:home", args=[board.slug]),
        BOARD_PAGE + 1,
        django_assert_num_queries,
    )


@pytest.mark.parametrize("size", SIZES)
def test_training_programme(client, board, programmes_of, size, django_assert_num_queries):
    programme = programmes_of(size)
    # the programme, its courses, their priorities and sessions (prefetched); for the impact
    # summary: the courses again, their sessions (with counts), the evaluations' answers
    get_page(client, programme.get_absolute_url(), BOARD_PAGE + 7, django_assert_num_queries)
