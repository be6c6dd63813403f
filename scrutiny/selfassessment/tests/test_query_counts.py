"""Pinned query count for a self-assessment's page, at two data sizes (see
core/tests/query_counts.py): SIZE saves (revisions), each grading the first SIZE criteria with
a narrative, and SIZE engagement activities linked as evidence to each of those criteria."""

import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.query_counts import BOARD_PAGE, SIZES, get_page
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.selfassessment import services
from scrutiny.selfassessment.evidence import Candidate
from scrutiny.voice.models import ActivityKind, EngagementActivity, Level, Voice


@pytest.mark.parametrize("size", SIZES)
def test_self_assessment_page(client, login, make_user, board, size, django_assert_num_queries):
    ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    assessment = services.start_assessment(board, ofsted, manager)
    criteria = list(
        TemplateQuestion.objects.filter(section__template=ofsted, answer_type="scale").order_by(
            "section__order", "order"
        )[:size]
    )
    good = ScaleLevel.objects.get(scale__template=ofsted, label="Good")
    login(client, manager)
    edit = reverse("selfassessment:edit", args=[board.slug, assessment.pk])
    for save in range(size):
        data = {"note": f"Save {save}"}
        for criterion in criteria:
            data[f"q{criterion.pk}"] = str(good.pk)
            data[f"q{criterion.pk}_comment"] = f"Narrative {save}"
        assert client.post(edit, data).status_code == 302
    for n in range(size):
        activity = EngagementActivity.objects.create(
            board=board,
            voice=Voice.CHILDREN,
            kind=ActivityKind.CONSULTATION,
            level=Level.STRATEGIC,
            title=f"Activity {n}",
            held_on=datetime.date(2026, 5, 1),
            participants=10,
        )
        for criterion in criteria:
            services.link_evidence(
                assessment,
                criterion,
                Candidate(activity, f"Activity {n}", "You said", kind="engagement"),
                manager,
            )
    # the assessment, its answers, its evidence links, the template's sections, their criteria,
    # the rating scale, its levels (prefetched), the revisions (with who saved them), the last
    # standing item at a board meeting
    get_page(client, assessment.get_absolute_url(), BOARD_PAGE + 9, django_assert_num_queries)
