from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client

from scrutiny.demo.region import DEMO_PASSWORD, create_demo_region, demo_email
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.tenancy.models import Board, Region


@pytest.fixture
def demo(db):
    return create_demo_region()


def test_demo_region_has_four_boards_and_about_twenty_agencies(demo):
    assert demo.boards.count() == 4
    assert 18 <= demo.agencies.count() <= 25
    multi = [a for a in demo.agencies.all() if a.boards.count() > 1]
    assert len(multi) >= 5
    assert all(a.boards.exists() for a in demo.agencies.all())


def test_every_role_has_a_demo_login_on_every_board(demo):
    assert RoleAssignment.objects.filter(role=Role.REGIONAL_ADMIN, region=demo).exists()
    for board in demo.boards.all():
        roles = set(RoleAssignment.objects.filter(board=board).values_list("role", flat=True))
        assert set(Role.board_roles()) - {Role.AGENCY_LEAD} <= roles, board
    assert (
        RoleAssignment.objects.filter(role=Role.AGENCY_LEAD).values("board").distinct().count() == 4
    )


def test_police_lead_leads_on_all_four_boards(demo):
    police = User.objects.get(email=demo_email("police.lead"))
    assert (
        police.role_assignments.filter(role=Role.AGENCY_LEAD).values("agency").distinct().count()
        == 1
    )
    assert police.role_assignments.count() == 4


def test_demo_logins_work_with_the_documented_password(demo):
    client = Client()
    response = client.post(
        "/login/", {"username": demo_email("viewer.ashbourne"), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/b/ashbourne/").status_code == 200
    assert client.get("/b/northvale/").status_code == 404


def test_demo_command_is_idempotent(db, capsys):
    call_command("demo", "--if-empty")
    call_command("demo", "--if-empty")
    call_command("demo")
    assert Region.objects.count() == 1
    assert Board.objects.count() == 4
    assert "already exists" in capsys.readouterr().out
    # The demo's findings come from every kind of source, each through the one service.
    from scrutiny.findings.models import Finding

    ashbourne = Board.objects.get(slug="ashbourne")
    kinds = {f.source_kind_label for f in Finding.objects.filter(board=ashbourne)}
    assert {
        "Agency return",
        "Case-file audit",
        "Challenge",
        "Challenge of a return",
        "External inspection",
        "Learning review",
        "Peer review",
    } <= kinds
    # A review's key lesson, not only its recommendations, is a finding.
    assert any(
        f.source_type.model == "review" and f.theme is not None
        for f in Finding.objects.filter(board=ashbourne).select_related("source_type")
    )


def test_demo_code_prints_a_six_digit_code(db, capsys):
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()


def test_demo_returns_give_every_board_something_to_scrutinise(demo):
    from scrutiny.actions.models import Action
    from scrutiny.demo.returns import create_demo_returns
    from scrutiny.returns.models import AgencyReturn, ReturnRequest, ReturnStatus

    create_demo_returns(demo)
    for board in demo.boards.all():
        requests = ReturnRequest.objects.filter(board=board)
        assert requests.filter(agency_return__status=ReturnStatus.SUBMITTED).exists(), board
        assert requests.filter(agency_return__first_submitted_at__isnull=True).exists(), board
    police_s11 = AgencyReturn.objects.get(
        agency__name="Riverside Police",
        template__code="section-11-audit",
        first_submitted_at__isnull=False,
    )
    assert police_s11.requests.count() == 4  # one return, seen by all four boards
    assert police_s11.requests.get(board__slug="ashbourne").accepted_at is not None
    assert Action.objects.filter(source="agency_return").exists()


@pytest.mark.parametrize(
    ("today", "last", "this", "quarter"),
    [
        ("2026-11-23", "2025-26", "2026-27", "2026 Q3"),
        ("2027-02-10", "2025-26", "2026-27", "2026 Q4"),
        ("2027-04-01", "2026-27", "2027-28", "2027 Q1"),
    ],
)
def test_demo_periods_follow_today(today, last, this, quarter):
    import datetime

    from scrutiny.demo.returns import demo_periods

    periods = demo_periods(datetime.date.fromisoformat(today))
    assert (periods["last_year"].label, periods["this_year"].label, periods["quarter"].label) == (
        last,
        this,
        quarter,
    )
    assert periods["quarter"].end < datetime.date.fromisoformat(today)  # a finished quarter


def test_demo_data_set_has_values_targets_and_scorecard_links(demo):
    from scrutiny.dataset.models import IndicatorValue, Target
    from scrutiny.demo.dataset import create_demo_data_set
    from scrutiny.demo.plan import create_demo_plan
    from scrutiny.plan.models import Measure

    create_demo_plan(demo)
    create_demo_data_set(demo)
    for board in demo.boards.all():
        assert IndicatorValue.objects.filter(board=board).count() >= 8 * 20
        assert Target.objects.filter(board=board).exists()
    assert Measure.objects.exclude(indicator_code="").exists()
    assert all(v.value is not None for v in IndicatorValue.objects.all()[:50])


# Published England figures, year ending 31 March 2024 (DfE, Children in need 2024 and Children
# looked after in England 2024), written here by hand, and how far a plausible board may sit.
ENGLAND_2024 = {
    "re-referrals-12m": (22.4, 6),
    "assessments-45-days": (82.0, 12),
    "cp-second-plans": (23.6, 7),
    "cp-plans-rate": (41.6, 12),
    "lac-rate": (70.0, 20),
}


def test_demo_values_look_like_published_england_figures(demo):
    from scrutiny.dataset.models import IndicatorValue, NationalFigure
    from scrutiny.demo.dataset import create_demo_data_set

    create_demo_data_set(demo)
    for code, (england, within) in ENGLAND_2024.items():
        for board in demo.boards.all():
            values = [
                v.numerator / v.denominator * (100 if v.indicator.unit == "percent" else 10_000)
                for v in IndicatorValue.objects.filter(board=board, indicator__code=code)
            ]
            assert values, code
            assert all(abs(float(v) - england) <= within for v in values), (code, board, values)
    # Most values are entered within the 30 days allowed after the period, a few later.
    delays = [(v.entered_at.date() - v.period_end).days for v in IndicatorValue.objects.all()]
    late = sum(1 for d in delays if d > 30)
    assert 0 < late < len(delays) / 2 and min(delays) >= 0
    # No board sends 86% of its assessments to no further action.
    nfa = IndicatorValue.objects.filter(indicator__code="assessments-no-further-action")
    assert all(v.numerator / v.denominator < D("0.45") for v in nfa)
    # England and council figures are loaded and every board has neighbours and a council code.
    england = NationalFigure.objects.filter(
        region=demo, indicator__code="re-referrals-12m", area_code="E92000001"
    )
    assert england.count() == 3
    for board in demo.boards.all():
        assert board.la_code and board.neighbours.count() >= 3


def test_demo_reviews_show_recurring_learning_and_a_monitoring_cycle(demo):
    from django.utils import timezone

    from scrutiny.demo.reviews import create_demo_reviews
    from scrutiny.findings.thematic import thematic_view
    from scrutiny.reviews import services

    create_demo_reviews(demo)
    board = demo.boards.get(slug="ashbourne")
    view = thematic_view(board)
    hotspots = {r.theme.name for r in view.rows if r.hotspot}
    assert hotspots == {"Information sharing"}
    groups = services.recurring_recommendations(board)
    texts = [" ".join(r.text for r in g.recommendations) for g in groups]
    assert any("fathers" in t for t in texts) and any("strategy discussions" in t for t in texts)
    cycle = board.monitoring_cycles.filter(meeting_on__gt=timezone.localdate()).get()
    pack = services.monitoring_pack(cycle, timezone.localdate())
    assert pack.outstanding and pack.awaiting_sign_off
    assert services.send_monitoring_requests(timezone.localdate()).sent >= 2
    today = timezone.localdate()
    this_year = today.year if today.month >= 4 else today.year - 1
    assert services.child_death_counts(board, this_year).total == 7
    assert services.child_death_counts(board, this_year - 1).total == 6


def test_demo_actions_show_each_measured_change(demo):
    from scrutiny.actions.impact import Outcome, measure_for, measured_change
    from scrutiny.demo.audits import create_demo_audits
    from scrutiny.demo.dataset import create_demo_data_set
    from scrutiny.demo.impact import create_demo_impact, demo_impact_actions
    from scrutiny.demo.plan import create_demo_plan
    from scrutiny.demo.training_voice import create_demo_training_and_voice

    create_demo_plan(demo)
    create_demo_data_set(demo)
    create_demo_audits(demo)
    create_demo_training_and_voice(demo)
    create_demo_impact(demo)
    board = demo.boards.get(slug="ashbourne")
    changes = [measured_change(measure_for(a, board)) for a in demo_impact_actions(board)]
    assert {c.outcome for c in changes} == set(Outcome)
    assert len({c.measure.kind for c in changes}) >= 2


def test_demo_findings_come_from_training_voice_and_the_data_set(demo):
    from scrutiny.actions.models import Action
    from scrutiny.demo.dataset import create_demo_data_set
    from scrutiny.demo.findings import create_demo_findings
    from scrutiny.demo.plan import create_demo_plan
    from scrutiny.demo.training_voice import create_demo_training_and_voice
    from scrutiny.findings.models import Finding
    from scrutiny.plan.golden_thread import priority_findings

    create_demo_plan(demo)
    create_demo_data_set(demo)
    create_demo_training_and_voice(demo)
    create_demo_findings(demo)
    for board in demo.boards.all():
        findings = list(Finding.objects.filter(board=board))
        kinds = {f.source_kind_label for f in findings}
        assert {"Training", "Voice", "Data set"} <= kinds, board
        data = next(f for f in findings if f.source_kind_label == "Data set")
        assert "red for 2 periods running" in data.text
        # The data-set finding's action serves an objective of the priority following it.
        action = Action.objects.get(source_id=data.pk, source_type__model="finding")
        assert action.objective is not None
        gathered = [lf.finding for lf in priority_findings(action.objective.priority)]
        assert data in gathered, board
