"""Two people edit the same record: the second, stale save is refused, never silently applied.

One row per kind of editable record. Each row makes a record and names its edit page and a
text field; the test opens the page twice (two people), saves the first, then saves the
second with the revision it loaded, and expects the one conflict page (409) naming the
changed field, showing the second person's text to re-apply, with the first person's value
still stored. A new editable record is one more row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import lxml.html
import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from conftest import user_for_role
from scrutiny.people.models import Role

FIRST = "Words of the first editor"
SECOND = "Words of the second editor"
DAY = datetime.date(2026, 6, 1)


@dataclass(frozen=True)
class Editable:
    kind: str
    make: Callable[[SimpleNamespace], tuple[models.Model, str]]  # the record and its edit page
    field: str  # a text field both people change ("answer": a questionnaire's text answer)
    label: str  # how the conflict page names that field ("": the question's number and text)
    role: Role = Role.BUSINESS_MANAGER
    extra: dict[str, str] = field(default_factory=dict)  # e.g. the submit button pressed
    stored: Callable[[models.Model], Any] | None = None  # where the field's value is kept
    editors: Callable[[models.Model], list] | None = None  # the two people, if not any two

    def value_of(self, record: models.Model) -> Any:
        record.refresh_from_db()
        if self.field == ANSWER:
            answer = record.response.answers.filter(question=text_question(record)).first()  # type: ignore[attr-defined]
            return answer.text if answer else None
        return self.stored(record) if self.stored else getattr(record, self.field)

    def field_of(self, record: models.Model) -> tuple[str, str]:
        """The form field the test types into, and how the conflict page names it."""
        if self.field != ANSWER:
            return self.field, self.label
        question = text_question(record)
        suffix = "_comment" if question.answer_type == "scale" else ""
        return f"q{question.pk}{suffix}", f"{question.number} {question.text}".strip()[:60]


ANSWER = "answer"


def text_question(record):
    """The first question of a questionnaire record that takes typed text."""
    from scrutiny.library.models import TemplateQuestion

    questions = TemplateQuestion.objects.filter(
        section__template=record.response.template
    ).order_by("section__order", "order", "pk")
    return next(q for q in questions if q.answer_type in ("text", "scale"))


# --- record makers: each returns the record and the URL of its edit page -----------------


def _priority(w):
    from scrutiny.plan.models import Priority

    return Priority.objects.create(
        board=w.board, title="Neglect", start_date=DAY, end_date=DAY.replace(year=2027)
    )


def _objective(w):
    from scrutiny.plan.models import Objective

    return Objective.objects.create(
        priority=_priority(w),
        title="Use the neglect toolkit",
        measure_of_success="80% of audited assessments use it",
        due_date=DAY.replace(year=2027),
    )


def priority(w):
    item = _priority(w)
    return item, reverse("plan:priority_edit", args=[w.board.slug, item.pk])


def objective(w):
    item = _objective(w)
    return item, reverse("plan:objective_edit", args=[w.board.slug, item.priority_id, item.pk])


def measure(w):
    from scrutiny.plan.models import Measure

    item = Measure.objects.create(
        priority=_priority(w), category="how_much", description="Practitioners trained"
    )
    return item, reverse("plan:measure_edit", args=[w.board.slug, item.priority_id, item.pk])


def milestone(w):
    from scrutiny.plan.models import Milestone

    item = Milestone.objects.create(objective=_objective(w), months=3, description="Toolkit out")
    return item, reverse("plan:milestone_edit", args=[w.board.slug, item.objective_id, item.pk])


def risk(w):
    from scrutiny.plan.models import Risk

    item = Risk.objects.create(
        board=w.board,
        title="Funding ends",
        cause="Grant not renewed",
        likelihood=3,
        impact=4,
        review_date=DAY,
    )
    return item, reverse("plan:risk_edit", args=[w.board.slug, item.pk])


def audit(w):
    from scrutiny.audits.models import Audit
    from scrutiny.library.models import FrameworkTemplate

    tool = FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)
    item = Audit.objects.create(
        board=w.board,
        title="Neglect audit",
        theme=w.board.themes.get(code="neglect"),
        tool=tool,
        planned_quarter="2026 Q1",
        lead=w.make_user(Role.QA_MEMBER, board=w.board),
    )
    return item, reverse("audits:audit_edit", args=[w.board.slug, item.pk])


def review(w):
    from scrutiny.reviews.models import Review, ReviewKind, ReviewStatus

    item = Review.objects.create(
        board=w.board,
        kind=ReviewKind.PRACTICE_REVIEW,
        reference="CSPR Child M",
        title="Neglect of a young child",
        status=ReviewStatus.PUBLISHED,
        commissioned_on=datetime.date(2024, 9, 1),
        published_on=datetime.date(2025, 9, 1),
    )
    return item, reverse("reviews:edit", args=[w.board.slug, item.pk])


def recommendation(w):
    from scrutiny.reviews.models import Recommendation

    parent, _ = review(w)

    item = Recommendation.objects.create(review=parent, number=1, text="Share information")
    item.themes.set(w.board.themes.all()[:1])
    item.agencies.set([w.agency])
    return item, reverse("reviews:recommendation_edit", args=[w.board.slug, parent.pk, item.pk])


def _course(w):
    from scrutiny.training.models import Course, TrainingProgramme

    programme = TrainingProgramme.objects.create(board=w.board, year=2026)
    return Course.objects.create(programme=programme, title="Working with fathers")


def programme(w):
    from scrutiny.training.models import TrainingProgramme

    item = TrainingProgramme.objects.create(board=w.board, year=2026)
    return item, reverse("training:programme_edit", args=[w.board.slug, item.pk])


def course(w):
    item = _course(w)
    return item, reverse("training:course_edit", args=[w.board.slug, item.pk])


def training_session(w):
    from scrutiny.training.models import TrainingSession

    item = TrainingSession.objects.create(
        course=_course(w), date=DAY, venue="Town hall", capacity=9
    )
    return item, reverse("training:session_edit", args=[w.board.slug, item.course_id, item.pk])


def engagement(w):
    from scrutiny.voice.models import EngagementActivity

    item = EngagementActivity.objects.create(
        board=w.board,
        voice="children",
        kind="consultation",
        level="strategic",
        title="Young people on safety",
        held_on=DAY,
        you_said="Listen to us",
    )
    return item, reverse("voice:activity_edit", args=[w.board.slug, item.pk])


def group(w):
    from scrutiny.governance.models import Group

    item = Group.objects.create(board=w.board, name="Alpha Board", is_main_board=True)
    return item, reverse("governance:group_edit", args=[w.board.slug, item.pk])


def minutes(w):
    from scrutiny.governance.models import Group, Meeting

    parent = Group.objects.create(board=w.board, name="Alpha Board", is_main_board=True)
    item = Meeting.objects.create(group=parent, held_on=DAY)
    return item, reverse("governance:meeting", args=[w.board.slug, item.pk])


def _challenge(w):
    from scrutiny.challenges.models import Challenge

    return Challenge.objects.create(
        board=w.board,
        to_agency=w.agency,
        raised_by=w.make_user(),
        issue="Why are strategy discussions late?",
        raised_on=DAY,
        response_due=DAY + datetime.timedelta(days=30),
    )


def challenge(w):
    item = _challenge(w)
    return item, reverse("challenges:detail", args=[w.board.slug, item.pk])


def action(w):
    from scrutiny.actions.models import Action, ActionSource

    item = Action.objects.create(
        region=w.board.region,
        agency=w.agency,
        title="Refresh training",
        due_date=DAY,
        source=ActionSource.OTHER,
    )
    item.boards.add(w.board)
    return item, reverse("actions:update", args=[w.board.slug, item.pk])


def impact_measure(w):
    from scrutiny.actions.impact import set_measure

    item, _ = action(w)
    measure = set_measure(
        item, w.board, choice="indicator:re-referrals-12m", start_date=DAY, note="", user=None
    )
    return measure, reverse("actions:measure", args=[w.board.slug, item.pk])


def report_section(w):
    from scrutiny.reports.models import NarrativeSection
    from scrutiny.reports.services import start_report

    report = start_report(w.board, "2025-26", None)
    item = NarrativeSection.objects.create(report=report, section_key="introduction", text="Draft")
    return item, reverse("reports:narrative", args=[w.board.slug, report.pk, "introduction"])


def case_grades(w):
    from scrutiny.audits.models import AuditCase
    from scrutiny.questionnaires.models import Response

    parent, _ = audit(w)
    item = AuditCase.objects.create(
        audit=parent,
        reference="CASE-001",
        auditor=w.make_user(Role.QA_MEMBER, board=w.board),
        response=Response.objects.create(template=parent.tool),
    )
    return item, reverse("audits:case", args=[w.board.slug, parent.pk, item.pk])


def self_assessment(w):
    from scrutiny.library.models import FrameworkTemplate
    from scrutiny.selfassessment.services import start_assessment

    ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
    item = start_assessment(w.board, ofsted, w.make_user())
    return item, reverse("selfassessment:edit", args=[w.board.slug, item.pk])


def peer_review_summary(w):
    from scrutiny.library.models import FrameworkTemplate
    from scrutiny.peerreview import services
    from scrutiny.peerreview.models import PeerReview
    from scrutiny.selfassessment.services import start_assessment

    manager = w.make_user(Role.BUSINESS_MANAGER, board=w.board)
    ofsted = FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)
    item = PeerReview.objects.create(
        host_board=w.board,
        assessment=start_assessment(w.board, ofsted, manager),
        title="Regional peer review",
        starts_on=datetime.date.today() - datetime.timedelta(days=1),
        ends_on=datetime.date.today() + datetime.timedelta(days=14),
        created_by=manager,
    )
    for _ in range(2):  # a peer team of two from a neighbouring board
        services.invite(item, w.make_user(Role.QA_MEMBER, board=w.other_board).email, manager)
    return item, reverse("peerreview:peer_summary", args=[item.pk])


def theme(w):
    item = w.board.themes.get(code="neglect")
    return item, reverse("findings:theme_edit", args=[w.board.slug, item.pk])


def agency_profile(w):
    return w.agency, reverse("tenancy:agency_edit", args=[w.board.slug, w.agency.pk])


def regional_agency(w):
    return w.agency, reverse("tenancy:region_agency_edit", args=[w.board.region.slug, w.agency.pk])


def _scrutiny_plan(w):
    from scrutiny.scrutineer.models import ScrutinyPlan

    today = datetime.date.today()
    return ScrutinyPlan.objects.create(
        board=w.board,
        year=2026,
        scrutineer=w.make_user(Role.SCRUTINEER, board=w.board),
        scope="The front door",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=14),
    )


def scrutiny_plan(w):
    item = _scrutiny_plan(w)
    return item, reverse("scrutineer:plan_edit", args=[w.board.slug, item.pk])


def scrutiny_activity(w):
    from scrutiny.scrutineer.models import PlannedActivity

    plan = _scrutiny_plan(w)
    item = PlannedActivity.objects.create(
        plan=plan, subject="Case files", method="case_file_audit", planned_for=DAY
    )
    return item, reverse("scrutineer:activity_edit", args=[w.board.slug, plan.pk, item.pk])


def scrutineer_statement(w):
    from scrutiny.scrutineer.services import save_statement

    plan = _scrutiny_plan(w)
    item = save_statement(plan, text="Draft", status="draft", user=plan.scrutineer, revision=-1)
    return item, reverse("scrutineer:statement", args=[w.board.slug, plan.pk])


def inspection(w):
    from scrutiny.inspections.models import Inspection

    item = Inspection.objects.create(board=w.board, inspection_type="jtai", started_on=DAY)
    return item, reverse("inspections:edit", args=[w.board.slug, item.pk])


def board_help_line(w):
    w.board.help_line_phone = "0800 123 4567"  # the form wants both, so the phone is there
    w.board.save()
    return w.board, reverse("voice:help_line", args=[w.board.slug])


EDITABLES = [
    Editable("priority", priority, "title", "Title"),
    Editable("objective", objective, "title", "Title"),
    Editable("measure", measure, "description", "Description"),
    Editable("milestone", milestone, "description", "Description"),
    Editable("risk", risk, "cause", "Cause"),
    Editable("audit", audit, "title", "Title"),
    Editable("review", review, "title", "Title"),
    Editable("review recommendation", recommendation, "text", "Text"),
    Editable("theme", theme, "name", "Name"),
    Editable("training programme", programme, "title", "Title"),
    Editable("training course", course, "title", "Title"),
    Editable("training session", training_session, "venue", "Venue"),
    Editable("engagement record", engagement, "you_said", "You said"),
    Editable("group", group, "name", "Name"),
    Editable("meeting minutes", minutes, "minutes", "Minutes", extra={"form": "minutes"}),
    Editable("challenge response", challenge, "response", "Response", role=Role.CHAIR),
    Editable(
        "action impact", action, "observed_impact", "Observed impact", extra={"note": "Progress"}
    ),
    Editable("impact measure", impact_measure, "note", "Why this measure"),
    Editable("annual report section", report_section, "text", "Text"),
    Editable(
        "case grades",
        case_grades,
        ANSWER,
        "",
        extra={"intent": "save"},
        editors=lambda case: [case.audit.lead, case.auditor],  # the lead and the case's auditor
    ),
    Editable("self-assessment answers", self_assessment, ANSWER, ""),
    Editable(
        "peer review summary",
        peer_review_summary,
        "letter_summary",
        "Letter summary",
        editors=lambda review: [r.user for r in review.reviewers.order_by("pk")],
    ),
    Editable("agency profile", agency_profile, "notes", "Notes", role=Role.AGENCY_LEAD),
    Editable("scrutiny plan", scrutiny_plan, "scope", "Scope"),
    Editable("scrutiny plan activity", scrutiny_activity, "subject", "Subject"),
    Editable(
        "scrutineer's statement",
        scrutineer_statement,
        "text",
        "Text",
        editors=lambda statement: [statement.plan.scrutineer, statement.plan.scrutineer],
    ),
    Editable("inspection", inspection, "summary", "Summary"),
    Editable("agency (region)", regional_agency, "name", "Name", role=Role.REGIONAL_ADMIN),
    Editable("board help line", board_help_line, "help_line_name", "Who children can call"),
]


# --- the test --------------------------------------------------------------------------


def form_values(response, field_name: str) -> dict[str, Any]:
    """What a browser would post from the form holding `field_name`, as the page shows it."""
    assert response.status_code == 200, response.status_code
    page = lxml.html.fromstring(response.content)
    form = next(f for f in page.forms if field_name in f.fields)
    values: dict[str, Any] = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in values.items()}


def _errors(response) -> list[str]:
    """The error messages a refused save showed, to say why a row's first save failed."""
    page = lxml.html.fromstring(response.content)
    return [e.text_content().strip() for e in page.find_class("govuk-error-message")]


@pytest.fixture
def world(board, other_board, agency, make_user):
    return SimpleNamespace(board=board, other_board=other_board, agency=agency, make_user=make_user)


@pytest.mark.parametrize("editable", EDITABLES, ids=lambda e: e.kind)
def test_a_stale_second_save_is_refused_and_keeps_both_versions(editable, world, login):
    record, url = editable.make(world)
    field_name, label = editable.field_of(record)
    editors = (
        editable.editors(record)
        if editable.editors
        else [
            user_for_role(world.make_user, editable.role, world.board, world.agency)
            for _ in range(2)
        ]
    )
    people = [login(Client(), person) for person in editors]
    # both open the edit page before either saves
    loaded = [form_values(person.get(url), field_name) for person in people]

    first = people[0].post(url, loaded[0] | {field_name: FIRST} | editable.extra)
    assert first.status_code in (200, 302), first.status_code
    assert editable.value_of(record) == FIRST, _errors(first)

    second = people[1].post(url, loaded[1] | {field_name: SECOND} | editable.extra)
    assert second.status_code == 409
    page = second.content.decode()
    summary = lxml.html.fromstring(second.content).get_element_by_id("conflict").text_content()
    assert label in summary  # names the field the first person changed
    if editable.field != ANSWER:  # a questionnaire's answers are named, not quoted
        assert FIRST in summary  # and what they changed it to
    assert SECOND in page  # the second person's own text is kept to re-apply
    assert editable.value_of(record) == FIRST  # nothing of the first person's was overwritten


def test_two_people_creating_the_one_allowed_record_at_once_get_a_conflict_not_an_error(
    board, make_user
):
    """Both opened the empty population form for a year; the first saved. The second's
    insert breaks the one-per-year constraint: an edit conflict naming the stored record,
    which keeps the first person's figures."""
    from scrutiny.core.concurrency import EditConflict
    from scrutiny.dataset.forms import PopulationForm
    from scrutiny.dataset.models import Population
    from scrutiny.dataset.statutory.characteristics import dimensions

    dimension = dimensions()["sex"]
    group = dimension.population_groups[0].code
    first = Population.objects.create(
        board=board, year_label="2025-26", dimension="sex", children={group: 100}
    )
    form = PopulationForm(
        {f"group_{group}": "250"},
        instance=Population(board=board, year_label="2025-26", dimension="sex"),
        dimension=dimension,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(EditConflict) as raised:
        form.save()
    assert raised.value.current == first and raised.value.form is form
    assert Population.objects.get().children == {group: 100}
