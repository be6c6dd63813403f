"""The one way sources record findings and raise actions from them."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from scrutiny.actions.models import Action
from scrutiny.audit.models import AuditEntry
from scrutiny.findings.models import Finding
from scrutiny.findings.services import findings_for, raise_action_from_finding, record_finding
from scrutiny.findings.source_pages import next_action_key
from scrutiny.people.models import Role
from scrutiny.plan.models import Objective, Priority
from scrutiny.voice.models import EngagementActivity

DUE = datetime.date(2027, 1, 31)


@pytest.fixture
def priority(board):
    return Priority.objects.create(
        board=board,
        title="Neglect",
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def objective(priority):
    return Objective.objects.create(
        priority=priority,
        title="Practitioners recognise neglect early",
        measure_of_success="Fewer re-referrals",
        due_date=DUE,
    )


@pytest.fixture
def activity(board, priority):
    return EngagementActivity.objects.create(
        board=board,
        voice="children",
        kind="consultation",
        level="strategic",
        title="Youth forum on neglect",
        held_on=datetime.date(2026, 6, 1),
        you_said="Workers change too often",
        priority=priority,
    )


def test_record_finding_keeps_its_source_and_is_audit_logged(board, activity, make_user):
    author = make_user(Role.BUSINESS_MANAGER, board=board)
    finding = record_finding(
        board=board,
        source=activity,
        kind="improvement",
        text="Too many changes",
        recorded_by=author,
    )
    assert finding.source == activity and finding.text == "Too many changes"
    assert finding.source_kind_label == "Voice"
    assert finding.source_url == reverse("voice:activity", args=[board.slug, activity.pk])
    assert list(findings_for(activity)) == [finding]
    logged = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Finding), object_pk=str(finding.pk)
    )
    assert list(logged.boards.all()) == [board]
    with pytest.raises(ValueError):
        record_finding(board=board, source=activity, kind="opinion", text="x")


def test_raise_action_links_back_to_the_finding_and_its_objective(
    board, activity, objective, make_user, agency
):
    author = make_user(Role.BUSINESS_MANAGER, board=board)
    finding = record_finding(board=board, source=activity, kind="improvement", text="Churn")
    first = raise_action_from_finding(
        finding,
        title="Keep one worker",
        owner=author,
        agency=agency,
        due_date=DUE,
        objective=objective,
        created_by=author,
    )
    second = raise_action_from_finding(
        finding,
        title="Ask again",
        owner=None,
        agency=None,
        due_date=DUE,
        created_by=author,
        key=next_action_key(finding),
    )
    assert first.pk != second.pk  # a finding may raise several actions
    assert first.source_object == finding and first.objective == objective
    assert (first.owner, first.agency, first.due_date) == (author, agency, DUE)
    assert list(first.boards.all()) == [board]
    # Not given one, the action serves the first objective of the source's priority.
    assert second.objective == objective and second.source_key == "action-2"
    assert Action.objects.count() == 2


def test_raise_action_page(client, login, make_user, board, other_board, activity, objective):
    finding = record_finding(board=board, source=activity, kind="improvement", text="Churn")
    url = reverse("findings:raise_action", args=[board.slug, finding.pk])
    # The objective of the source's priority is offered first: it is the only one, so chosen.
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    page = client.get(url).content.decode()
    assert f'<option value="{objective.pk}" selected>' in page
    response = client.post(
        url,
        {"title": "Keep one worker", "owner": manager.pk, "due_date": "2027-01-31",
         "objective": objective.pk},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    action = Action.objects.get()
    assert action.objective == objective and action.owner == manager
    # Missing a due date: nothing raised, the error named.
    page = client.post(url, {"title": "Another"}).content.decode()
    assert "Enter a due date" in page and Action.objects.count() == 1
    # A second action from the same finding is added beside the first, not over it.
    client.post(url, {"title": "Visit the forum", "due_date": "2027-02-28"})
    assert sorted(Action.objects.values_list("title", flat=True)) == [
        "Keep one worker",
        "Visit the forum",
    ]


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.LAY_MEMBER, Role.VIEWER])
def test_raise_action_is_refused_without_actions_manage(
    client, login, make_user, board, agency, activity, role
):
    finding = record_finding(board=board, source=activity, kind="improvement", text="Churn")
    login(client, make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None))
    url = reverse("findings:raise_action", args=[board.slug, finding.pk])
    assert client.post(url, {"title": "x", "due_date": "2027-01-31"}).status_code == 403
    assert not Action.objects.exists()


def test_another_boards_finding_cannot_be_reached(
    client, login, make_user, board, other_board, activity
):
    finding = record_finding(board=board, source=activity, kind="improvement", text="Churn")
    # A manager of the other board: their own board's address with this finding's id.
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    own = reverse("findings:raise_action", args=[other_board.slug, finding.pk])
    assert client.get(own).status_code == 404
    theirs = reverse("findings:raise_action", args=[board.slug, finding.pk])
    assert client.post(theirs, {"title": "x", "due_date": "2027-01-31"}).status_code == 404
    assert not Action.objects.exists() and Finding.objects.count() == 1
