"""The golden thread gathers findings from `findings` alone: findings whose actions serve the
priority's objectives, and findings from any source linked to the priority, each saying why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.audits.models import Audit
from scrutiny.dataset.tests.values import hold
from scrutiny.findings.services import raise_action_from_finding, record_finding
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.plan.golden_thread import priority_findings, thread_for
from scrutiny.plan.models import Measure, Objective, Priority
from scrutiny.training.models import Course, TrainingProgramme
from scrutiny.voice.models import EngagementActivity

DUE = datetime.date(2027, 3, 31)


def _priority(board, title):
    return Priority.objects.create(
        board=board, title=title, start_date=datetime.date(2026, 4, 1), end_date=DUE
    )


def _activity(board, title, priority=None):
    return EngagementActivity.objects.create(
        board=board,
        voice="children",
        kind="consultation",
        level="strategic",
        title=title,
        held_on=datetime.date(2026, 6, 1),
        you_said="Something said",
        priority=priority,
    )


def _theme(board, code):
    """An audit's theme: the board's theme record where themes are board data, else the code."""
    field = Audit._meta.get_field("theme")
    if field.is_relation:
        return field.related_model.objects.get(board=board, code=code)
    return code


@pytest.fixture
def world(board, other_board, make_user):
    """Neglect (with an objective and a measure on an indicator) and an unrelated priority,
    sources linked to each, and one finding per source."""
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    neglect = _priority(board, "Neglect")
    objective = Objective.objects.create(
        priority=neglect, title="Spot neglect early", measure_of_success="x", due_date=DUE
    )
    Measure.objects.create(
        priority=neglect,
        category="how_well",
        description="On time",
        indicator_code="assessments-45-days",
    )
    other_priority = _priority(board, "Exploitation")
    audit = Audit.objects.create(
        board=board,
        title="Neglect audit",
        theme=_theme(board, "neglect"),
        planned_quarter="2026 Q3",
        tool=FrameworkTemplate.objects.get(
            code="thresholds-referral-quality-audit", owner_board=None
        ),
        lead=manager,
        priority=neglect,
    )
    programme = TrainingProgramme.objects.create(board=board, year=2026)
    course = Course.objects.create(programme=programme, title="Neglect course")
    course.priorities.add(neglect)
    unrelated_course = Course.objects.create(programme=programme, title="Exploitation course")
    unrelated_course.priorities.add(other_priority)
    forum = _activity(board, "Youth forum")  # linked to no priority
    value = hold(board, "assessments-45-days", "2025 Q4", datetime.date(2025, 12, 31), 50, 100)
    other_value = hold(board, "contacts", "2025 Q4", datetime.date(2025, 12, 31), 900)

    def find(source, text, b=board):
        return record_finding(board=b, source=source, kind="improvement", text=text)

    found = {
        "audit": find(audit, "Audit finding"),
        "course": find(course, "Course finding"),
        "unrelated course": find(unrelated_course, "Unrelated course finding"),
        "forum": find(forum, "Forum finding"),
        "data": find(value, "Data finding"),
        "other data": find(other_value, "Other data finding"),
    }
    action = raise_action_from_finding(
        found["forum"],
        title="Answer the forum",
        owner=manager,
        agency=None,
        due_date=DUE,
        objective=objective,
        created_by=manager,
    )
    # Another board's engagement naming its own priority: never on this board's thread.
    elsewhere = _priority(other_board, "Neglect")
    find(_activity(other_board, "Beta forum", elsewhere), "Beta finding", other_board)
    return neglect, objective, found, action


def test_findings_linked_to_the_priority_and_serving_its_objectives(world):
    neglect, objective, found, action = world
    gathered = {lf.finding.text: lf.reasons for lf in priority_findings(neglect)}
    # Worked out by hand: the audit, the course and the data-set value are linked to Neglect;
    # the forum is not, but its finding raised an action serving Neglect's objective.
    assert set(gathered) == {"Audit finding", "Course finding", "Data finding", "Forum finding"}
    assert gathered["Audit finding"] == ["its source (Case-file audit) is linked to this priority"]
    assert gathered["Course finding"] == ["its source (Training) is linked to this priority"]
    assert gathered["Data finding"] == ["its source (Data set) is linked to this priority"]
    assert gathered["Forum finding"] == [
        "its action “Answer the forum” serves the objective “Spot neglect early”"
    ]


def test_an_action_raised_from_a_finding_shows_under_its_objective(world):
    neglect, objective, found, action = world
    thread = thread_for(neglect, timezone.localdate())
    assert thread.actions_by_objective[objective.pk] == [action]
    assert thread.progress.total == 1


def test_the_priority_page_shows_them(client, login, make_user, board, world):
    neglect, objective, found, action = world
    login(client, make_user(Role.VIEWER, board=board))
    page = client.get(neglect.get_absolute_url()).content.decode()
    for text in ["Audit finding", "Course finding", "Data finding", "Forum finding"]:
        assert text in page
    assert "Unrelated course finding" not in page and "Beta finding" not in page
    assert "Other data finding" not in page
    assert reverse("voice:activity", args=[board.slug, found["forum"].source.pk]) in page
    assert "Answer the forum" in page  # under its objective


def test_an_agency_lead_off_the_audit_team_does_not_see_its_finding(
    client, login, make_user, board, agency, world
):
    neglect, *_ = world
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    page = client.get(neglect.get_absolute_url()).content.decode()
    assert "Audit finding" not in page
    assert "Course finding" in page and "Forum finding" in page
