"""Pinned query count for the framework library, at two data sizes (see
core/tests/query_counts.py): the shipped templates plus SIZE more versions of one of them, each
with a section of SIZE questions."""

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import SIZES, get_page
from scrutiny.library.models import FrameworkTemplate, TemplateQuestion, TemplateSection
from scrutiny.people.models import Role


@pytest.mark.parametrize("size", SIZES)
def test_framework_library(client, login, make_user, board, size, django_assert_num_queries):
    shipped = FrameworkTemplate.objects.filter(owner_board=None).order_by("pk").first()
    for n in range(size):
        version = FrameworkTemplate.objects.get(pk=shipped.pk)
        version.pk = None
        version.version = shipped.version + 1 + n
        version.save()
        section = TemplateSection.objects.create(
            template=version, code="s", title="Section", order=1
        )
        for q in range(size):
            TemplateQuestion.objects.create(
                section=section, code=f"q{q}", text=f"Question {q}", order=q, answer_type="text"
            )
    login(client, make_user(Role.QA_MEMBER, board=board))
    # not a board page: the session, the person (a QA member: no second factor), their role
    # assignments with their boards (the switcher's boards); then the shared templates (with
    # their question counts)
    response = get_page(client, reverse("library:template_list"), 4, django_assert_num_queries)
    assert response.content.decode().count(shipped.title) == size + 1
