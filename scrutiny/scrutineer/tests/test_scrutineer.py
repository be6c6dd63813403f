"""Independent scrutiny: the partnership plans and shares; the scrutineer reads only what is
shared, only between the plan's dates, records findings (the one finding record) and
challenges (the one challenge log), and writes the statement the yearly report reads."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.challenges.models import Challenge
from scrutiny.findings.models import Finding, Theme
from scrutiny.people.models import Role
from scrutiny.scrutineer import services
from scrutiny.scrutineer.models import (
    Method,
    PlannedActivity,
    ScrutinyPlan,
    SharedRecord,
    Statement,
)
from scrutiny.tenancy.models import Board


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board)


@pytest.fixture
def scrutineer(make_user, board):
    return make_user(Role.SCRUTINEER, board=board)


def _finding(board, text):
    return Finding.objects.create(
        board=board,
        kind="improvement",
        theme=Theme.objects.get(board=board, code="other"),
        text=text,
        source_type=ContentType.objects.get_for_model(Board),
        source_id=board.pk,
    )


@pytest.fixture
def plan(board, manager, scrutineer):
    today = timezone.localdate()
    plan = ScrutinyPlan.objects.create(
        board=board,
        year=2026,
        scrutineer=scrutineer,
        scope="How well the partners hear children at the front door.",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=30),
        created_by=manager,
    )
    PlannedActivity.objects.create(
        plan=plan,
        subject="Front door case files",
        method=Method.CASE_FILE_AUDIT,
        planned_for=today + datetime.timedelta(days=10),
    )
    return plan


def _key(obj):
    return f"findings:{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


@pytest.fixture
def shared_and_private(plan, board, manager):
    shared = _finding(board, "Shared: referrals lack the child's words")
    private = _finding(board, "Private: unshared audit note")
    services.share(plan, [_key(shared)], manager)
    return plan.shared.get(), private


def _review(plan):
    return reverse("scrutineer:review", args=[plan.board.slug, plan.pk])


def test_the_role_holds_only_the_scrutineers_permission(scrutineer, board):
    assert has_permission(scrutineer, Permission.SCRUTINY_CONDUCT, board=board)
    for permission in [
        Permission.BOARD_VIEW,
        Permission.AGENCIES_VIEW,
        Permission.ACTIONS_VIEW,
        Permission.CHALLENGE_RAISE,
        Permission.SCRUTINY_PLAN_MANAGE,
    ]:
        assert not has_permission(scrutineer, permission, board=board), permission


def test_scrutineer_reads_only_what_is_shared(client, login, scrutineer, plan, shared_and_private):
    shared, private = shared_and_private
    login(client, scrutineer)
    page = client.get(_review(plan)).content.decode()
    assert "Shared: referrals lack the child" in page
    assert "Private: unshared audit note" not in page
    url = reverse("scrutineer:shared", args=[plan.board.slug, plan.pk, shared.pk])
    assert client.get(url).status_code == 200
    # A shared-record id that is not this plan's answers 404, as does one that does not exist.
    other_plan = ScrutinyPlan.objects.create(
        board=plan.board,
        year=2027,
        scrutineer=None,
        scope="Next year",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    services.share(other_plan, [_key(private)], None)
    elsewhere = other_plan.shared.get()
    for pk in [elsewhere.pk, elsewhere.pk + 100]:
        url = reverse("scrutineer:shared", args=[plan.board.slug, plan.pk, pk])
        assert client.get(url).status_code == 404
    # ... and the scrutineer cannot open another plan (not theirs) at all.
    assert client.get(_review(other_plan)).status_code == 404
    # The board's own pages stay closed: the scrutineer is no board member.
    assert client.get(reverse("core:board_home", args=[plan.board.slug])).status_code == 403
    assert client.get(reverse("challenges:list", args=[plan.board.slug])).status_code == 403


@pytest.mark.parametrize(
    "when, expected",
    [("before", 403), ("first_day", 200), ("last_day", 200), ("after", 403), ("closed", 403)],
)
def test_access_only_between_the_plans_dates(
    client, login, scrutineer, plan, shared_and_private, when, expected
):
    shared, _ = shared_and_private
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    dates = {
        "before": (today + day, today + 10 * day),
        "first_day": (today, today + 10 * day),
        "last_day": (today - 10 * day, today),
        "after": (today - 10 * day, today - day),
        "closed": (today - day, today + day),
    }
    starts, ends = dates[when]
    ScrutinyPlan.objects.filter(pk=plan.pk).update(starts_on=starts, ends_on=ends)
    if when == "closed":
        services.close(plan)
    login(client, scrutineer)
    board = plan.board.slug
    for url in [
        _review(plan),
        reverse("scrutineer:shared", args=[board, plan.pk, shared.pk]),
        reverse("scrutineer:statement", args=[board, plan.pk]),
        reverse("scrutineer:challenge", args=[board, plan.pk]),
    ]:
        assert client.get(url).status_code == expected, url
    response = client.post(
        reverse("scrutineer:finding", args=[board, plan.pk]),
        {"finding-kind": "strength", "finding-theme": "voice", "finding-text": "Heard"},
    )
    assert (response.status_code == 302) == (expected == 200)
    assert Finding.objects.filter(text="Heard").exists() == (expected == 200)
    # The list of the scrutineer's plans always opens and says whether it is open now.
    listing = client.get(reverse("scrutineer:my_plans", args=[board]))
    assert listing.status_code == 200


def test_findings_and_challenges_join_the_boards_records(
    client, login, scrutineer, plan, agency, board
):
    login(client, scrutineer)
    client.post(
        reverse("scrutineer:finding", args=[board.slug, plan.pk]),
        {
            "finding-kind": "improvement",
            "finding-theme": "voice",
            "finding-text": "Children's words rarely reach the strategy discussion",
        },
    )
    finding = Finding.objects.get(board=board)
    assert finding.source == plan and finding.recorded_by == scrutineer
    assert finding.kind == "improvement" and finding.theme.code == "voice"
    today = timezone.localdate()
    response = client.post(
        reverse("scrutineer:challenge", args=[board.slug, plan.pk]),
        {
            "to_agency": agency.pk,
            "issue": "Why do strategy discussions go ahead without health?",
            "raised_on": today.isoformat(),
            "response_due": (today + datetime.timedelta(days=28)).isoformat(),
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(board=board)
    assert challenge.raised_by == scrutineer and challenge.from_agency is None
    assert list(services.plan_challenges(plan)) == [challenge]


def test_statement_draft_then_final_reaches_the_report_function(
    client, login, scrutineer, plan, board, other_board
):
    assert services.scrutineer_statement(board, 2026) is None
    login(client, scrutineer)
    url = reverse("scrutineer:statement", args=[board.slug, plan.pk])
    client.post(url, {"text": "Partners are open to challenge.", "status": "draft", "revision": -1})
    view = services.scrutineer_statement(board, 2026)
    assert view.text == "Partners are open to challenge."
    assert view.status == "draft" and not view.is_final and view.status_label == "Draft"
    assert view.scrutineer == scrutineer.full_name
    loaded = Statement.objects.get(plan=plan).revision
    client.post(url, {"text": "Final words.", "status": "final", "revision": loaded})
    view = services.scrutineer_statement(board, 2026)
    assert (view.text, view.is_final) == ("Final words.", True)
    # Another year, or another board, has no statement.
    assert services.scrutineer_statement(board, 2025) is None
    assert services.scrutineer_statement(other_board, 2026) is None


def test_statement_edit_guard_refuses_a_stale_save(client, login, scrutineer, plan, board):
    services.save_statement(plan, text="First", status="draft", user=scrutineer, revision=-1)
    stale = Statement.objects.get(plan=plan).revision
    services.save_statement(plan, text="Second", status="draft", user=scrutineer, revision=stale)
    login(client, scrutineer)
    response = client.post(
        reverse("scrutineer:statement", args=[board.slug, plan.pk]),
        {"text": "Overwrites?", "status": "final", "revision": stale},
    )
    assert response.status_code == 409
    assert Statement.objects.get(plan=plan).text == "Second"


def test_share_offers_only_the_boards_own_records(plan, board, other_board, manager):
    mine = _finding(board, "Ours")
    theirs = _finding(other_board, "Theirs")
    services.share(plan, [_key(mine), _key(theirs)], manager)
    # labelled as the self-assessment offers a finding: its kind, its source, its text
    assert [r.label for r in plan.shared.all()] == ["Area for improvement (Board): Ours"]
    services.share(plan, [], manager)
    assert not SharedRecord.objects.exists()


def test_partnership_pages_and_permissions(
    client, login, make_user, manager, scrutineer, board, plan
):
    login(client, manager)
    page = client.get(reverse("scrutineer:plan_detail", args=[board.slug, plan.pk]))
    assert "Front door case files" in page.content.decode()
    response = client.post(
        reverse("scrutineer:activity_add", args=[board.slug, plan.pk]),
        {
            "subject": "Observe the partnership executive",
            "method": "meeting_observation",
            "planned_for": "2026-11-03",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert plan.activities.count() == 2
    # A second plan for the same year is refused.
    response = client.post(
        reverse("scrutineer:plan_add", args=[board.slug]),
        {
            "year": 2026,
            "scope": "Again",
            "status": "draft",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
        },
    )
    assert "already has a scrutiny plan for 2026" in response.content.decode()
    # The scrutineer cannot manage the plan; a QA member can do neither.
    login(client, scrutineer)
    assert client.get(reverse("scrutineer:plan_list", args=[board.slug])).status_code == 403
    qa = make_user(Role.QA_MEMBER, board=board)
    login(client, qa)
    assert client.get(reverse("scrutineer:plan_list", args=[board.slug])).status_code == 403
    assert client.get(_review(plan)).status_code == 403


def test_demo_plan_has_one_finding_and_a_draft_statement_open_to_its_scrutineer(db):
    from scrutiny.demo.region import create_demo_region, demo_email
    from scrutiny.demo.scrutiny_plan import create_demo_scrutiny_plan, report_year

    region = create_demo_region()
    plan = create_demo_scrutiny_plan(region)
    assert plan.board.slug == "ashbourne" and plan.scrutineer.email == demo_email(
        "scrutineer.ashbourne"
    )
    assert plan.is_open_on(timezone.localdate())
    assert services.plan_findings(plan).count() == 1
    statement = services.scrutineer_statement(plan.board, plan.year)
    assert statement.status == "draft"
    assert {a.method for a in plan.activities.all()} == set(Method.values)
    # April starts the report year: 31 March 2027 is in 2026's, 1 April 2027 in 2027's.
    assert report_year(datetime.date(2027, 3, 31)) == 2026
    assert report_year(datetime.date(2027, 4, 1)) == 2027


def test_the_scrutineer_lands_on_its_own_page_not_the_refused_board_home(
    client, login, scrutineer, board
):
    login(client, scrutineer)
    mine = reverse("scrutineer:my_plans", args=[board.slug])
    assert client.get(reverse("home"))["Location"] == mine
    switched = client.get(reverse("core:switch_board"), {"board": board.slug})
    assert switched["Location"] == mine
    page = client.get(mine).content.decode()
    assert f'href="{board.get_absolute_url()}"' not in page  # the board's name is no link
