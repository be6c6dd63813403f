import datetime

import pytest
from django.urls import reverse

from scrutiny.core.tests.s3 import s3_server, s3_storage  # noqa: F401 - S3 fixtures
from scrutiny.library.models import FrameworkTemplate, ScaleLevel, TemplateQuestion
from scrutiny.people.models import Role
from scrutiny.returns.models import AgencyReturn
from scrutiny.returns.services import schedule_returns

DUE = datetime.date(2026, 12, 31)


@pytest.fixture
def s11(db) -> FrameworkTemplate:
    return FrameworkTemplate.objects.get(code="section-11-audit", owner_board=None)


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def lead(make_user, board, other_board, agency):
    """The police lead, on both boards the police serve."""
    user = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    user.role_assignments.create(
        role=Role.AGENCY_LEAD, region=board.region, board=other_board, agency=agency
    )
    return user


@pytest.fixture
def qa(make_user, board):
    return make_user(Role.QA_MEMBER, board=board)


@pytest.fixture
def police_return(s11, board, other_board, agency, manager) -> AgencyReturn:
    """A Section 11 return asked of the police by both boards: one return, two requests."""
    for b in (board, other_board):
        schedule_returns(
            board=b,
            template=s11,
            subject=None,
            period_label="2026-27",
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2027, 3, 31),
            due_date=DUE,
            agencies=[agency],
            requested_by=manager,
        )
    return AgencyReturn.objects.get(agency=agency, template=s11)


def questions(template):
    return list(
        TemplateQuestion.objects.filter(section__template=template).order_by(
            "section__order", "order"
        )
    )


def level(template, code):
    return ScaleLevel.objects.get(scale__template=template, code=code)


def answers_post(template, *, rated="fully-met", below=None, intent="save", revision=0, skip=()):
    """POST data answering every question; `below` maps question codes to a lower level code."""
    below = below or {}
    data = {"intent": intent, "revision": str(revision)}
    for q in questions(template):
        if q.code in skip:
            continue
        code = below.get(q.code, rated)
        data[f"q{q.pk}"] = str(level(template, code).pk)
        data[f"q{q.pk}_comment"] = f"Evidence for {q.number}"
        if code != "fully-met":
            data[f"q{q.pk}_action"] = f"Improve {q.number}"
            data[f"q{q.pk}_due"] = "2027-03-31"
    return data


def edit_url(board, ar):
    return reverse("returns:edit", args=[board.slug, ar.pk])


def detail_url(board, ar):
    return reverse("returns:detail", args=[board.slug, ar.pk])
