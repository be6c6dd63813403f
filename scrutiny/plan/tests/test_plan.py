"""Priorities, objectives, actions, milestones, measures, risks and the golden thread."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionSource, ActionStatus
from scrutiny.people.models import Role
from scrutiny.plan.golden_thread import progress_of
from scrutiny.plan.models import Milestone, Objective, Priority, Risk

TODAY = timezone.localdate()


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


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
        title="Use the neglect toolkit in every assessment",
        measure_of_success="80% of audited assessments use it",
        due_date=datetime.date(2027, 3, 31),
    )


def test_manager_builds_a_priority_with_an_objective_and_an_action(
    client, login, manager, board, agency
):
    login(client, manager)
    response = client.post(
        reverse("plan:priority_add", args=[board.slug]),
        {"title": "Neglect", "start_date": "2026-04-01", "end_date": "2027-03-31"},
    )
    item = Priority.objects.get()
    assert response["Location"] == item.get_absolute_url()
    client.post(
        reverse("plan:objective_add", args=[board.slug, item.pk]),
        {
            "title": "Use the toolkit",
            "measure_of_success": "80% of assessments",
            "due_date": "2027-03-31",
            "owner_agency": agency.pk,
        },
    )
    objective = item.objectives.get()
    client.post(
        reverse("plan:action_add", args=[board.slug, objective.pk]),
        {
            "title": "Train 200 practitioners",
            "agency": agency.pk,
            "owner": manager.pk,
            "due_date": "2026-12-31",
            "expected_impact": "Earlier help",
        },
    )
    action = Action.objects.get()
    assert action.source == ActionSource.BUSINESS_PLAN and action.source_object == objective
    assert list(action.boards.all()) == [board] and action.expected_impact == "Earlier help"
    page = client.get(item.get_absolute_url())
    assert b"Train 200 practitioners" in page.content
    # the same action is in the one tracker, with every other source's actions
    assert (
        b"Train 200 practitioners"
        in client.get(reverse("actions:tracker", args=[board.slug])).content
    )


def test_plan_warns_above_six_priorities(client, login, manager, board):
    for i in range(6):
        Priority.objects.create(
            board=board,
            title=f"P{i}",
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=365),
        )
    login(client, manager)
    assert b"too-many-priorities" not in client.get(reverse("plan:plan", args=[board.slug])).content
    response = client.post(
        reverse("plan:priority_add", args=[board.slug]),
        {"title": "One too many", "start_date": "2026-04-01", "end_date": "2027-03-31"},
        follow=True,
    )
    assert b"The board now has 7 priorities" in response.content
    assert b"too-many-priorities" in client.get(reverse("plan:plan", args=[board.slug])).content


def test_priority_dates_must_make_sense(client, login, manager, board):
    login(client, manager)
    response = client.post(
        reverse("plan:priority_add", args=[board.slug]),
        {"title": "Backwards", "start_date": "2027-04-01", "end_date": "2026-03-31"},
    )
    assert b"The priority must end after it starts" in response.content
    assert not Priority.objects.exists()


def test_progress_counts_how_much_and_how_well(board, objective):
    def action(status, due, completed=None):
        a = Action.objects.create(
            region=board.region,
            title="x",
            due_date=due,
            status=status,
            source=ActionSource.BUSINESS_PLAN,
            completed_at=completed,
        )
        return a

    on_time = action(
        ActionStatus.COMPLETED,
        datetime.date(2026, 6, 1),
        timezone.make_aware(datetime.datetime(2026, 5, 30)),
    )
    late = action(
        ActionStatus.COMPLETED,
        datetime.date(2026, 6, 1),
        timezone.make_aware(datetime.datetime(2026, 7, 2)),
    )
    overdue = action(ActionStatus.IN_PROGRESS, datetime.date(2026, 6, 1))
    future = action(ActionStatus.NOT_STARTED, datetime.date(2027, 6, 1))
    p = progress_of([on_time, late, overdue, future], datetime.date(2026, 8, 1))
    assert (p.total, p.completed, p.completed_on_time, p.overdue) == (4, 2, 1, 1)
    assert p.completed_share == 50.0 and p.on_time_share == 50.0


def test_milestones_mark_the_trajectory(client, login, manager, board, objective):
    login(client, manager)
    url = reverse("plan:milestone_add", args=[board.slug, objective.pk])
    client.post(url, {"months": 3, "description": "Toolkit launched"})
    duplicate = client.post(url, {"months": 3, "description": "Again"})
    assert b"already has a milestone at that point" in duplicate.content
    milestone = Milestone.objects.get()
    assert milestone.due_date() == datetime.date(2026, 7, 1)
    client.post(
        reverse("plan:milestone_edit", args=[board.slug, objective.pk, milestone.pk]),
        {"months": 3, "description": "Toolkit launched", "achieved_on": "2026-06-20"},
    )
    milestone.refresh_from_db()
    assert milestone.achieved_on == datetime.date(2026, 6, 20)


def test_risk_register_scores_and_sorts(client, login, manager, board, priority):
    login(client, manager)
    url = reverse("plan:risk_add", args=[board.slug])
    bad = client.post(
        url,
        {
            "title": "Funding",
            "cause": "Cuts",
            "likelihood": 7,
            "impact": 3,
            "review_date": "2027-01-01",
            "trend": "stable",
        },
    )
    assert b"Likelihood is 1 to 5" in bad.content
    client.post(
        url,
        {
            "title": "Funding",
            "cause": "Cuts",
            "likelihood": 4,
            "impact": 5,
            "review_date": "2027-01-01",
            "trend": "worsening",
            "priority": priority.pk,
        },
    )
    client.post(
        url,
        {
            "title": "Data quality",
            "cause": "New system",
            "likelihood": 2,
            "impact": 2,
            "review_date": "2027-01-01",
            "trend": "stable",
        },
    )
    risks = list(Risk.objects.all())
    assert [(r.title, r.score, r.rating[0]) for r in risks] == [
        ("Funding", 20, "High"),
        ("Data quality", 4, "Low"),
    ]
    page = client.get(reverse("plan:risks", args=[board.slug])).content.decode()
    assert page.index("Funding") < page.index("Data quality")
    assert "Funding" in client.get(priority.get_absolute_url()).content.decode()
    # The register is kept until something changes: a renamed risk shows at once.
    renamed = Risk.objects.get(title="Data quality")
    renamed.title = "Data quality in the new system"
    renamed.save()
    page = client.get(reverse("plan:risks", args=[board.slug])).content.decode()
    assert "Data quality in the new system" in page


@pytest.mark.parametrize("role", [Role.QA_MEMBER, Role.LAY_MEMBER, Role.VIEWER])
def test_other_roles_read_the_plan_but_cannot_change_it(
    client, login, make_user, board, priority, objective, role
):
    login(client, make_user(role, board=board))
    assert client.get(priority.get_absolute_url()).status_code == 200
    assert (
        client.post(reverse("plan:priority_add", args=[board.slug]), {"title": "x"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("plan:action_add", args=[board.slug, objective.pk]), {"title": "x"}
        ).status_code
        == 403
    )


def test_the_kept_plan_offers_adding_only_to_those_who_may(
    client, login, make_user, manager, board, priority
):
    url = reverse("plan:plan", args=[board.slug])
    add = reverse("plan:priority_add", args=[board.slug])
    qa = make_user(Role.QA_MEMBER, board=board)  # before the visit: a new role is a change
    login(client, manager)
    assert add in client.get(url).content.decode()  # drawn for a manager and kept
    login(client, qa)
    page = client.get(url).content.decode()
    assert priority.title in page and add not in page


def test_another_boards_priority_is_not_found(
    client, login, make_user, board, other_board, priority
):
    login(client, make_user(Role.CHAIR, board=other_board))
    assert (
        client.get(reverse("plan:priority", args=[other_board.slug, priority.pk])).status_code
        == 404
    )


def test_measures_are_updated_as_new_values_come_in(client, login, manager, board, priority):
    from scrutiny.plan.models import Measure

    login(client, manager)
    client.post(
        reverse("plan:measure_add", args=[board.slug, priority.pk]),
        {"category": "better_off", "description": "Re-referrals", "target": "18%", "latest": "24%"},
    )
    measure = Measure.objects.get()
    client.post(
        reverse("plan:measure_edit", args=[board.slug, priority.pk, measure.pk]),
        {"category": "better_off", "description": "Re-referrals", "target": "18%", "latest": "21%"},
    )
    measure.refresh_from_db()
    assert measure.latest == "21%"
    assert "Re-referrals" in client.get(priority.get_absolute_url()).content.decode()


def test_the_golden_thread_shows_the_prioritys_audits(client, login, manager, board, priority):
    from scrutiny.audits.models import Audit
    from scrutiny.library.models import FrameworkTemplate

    tool = FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)
    Audit.objects.create(
        board=board,
        title="Neglect case-file audit",
        theme=board.themes.get(code="neglect"),
        tool=tool,
        planned_quarter="2026 Q3",
        lead=manager,
        priority=priority,
    )
    login(client, manager)
    assert b"Neglect case-file audit" in client.get(priority.get_absolute_url()).content
