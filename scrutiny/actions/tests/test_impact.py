"""Impact: the rule that turns a measure's value before an action and now into a measured
change, naming a measure (who may, on which board, under the edit guard), the action page,
the golden thread and the annual report's list. The kinds of measure the sources supply are
tested in their own apps (dataset, audits, training, voice); here a stand-in kind holds
hand-set values so the rule is seen alone."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions import impact
from scrutiny.actions.impact import Outcome, Point, Reading, judge, split
from scrutiny.actions.models import Action, ActionSource, ActionStatus, ImpactMeasure
from scrutiny.actions.services import raise_action
from scrutiny.people.models import Role
from scrutiny.plan.models import Objective, Priority

START = datetime.date(2026, 5, 1)


def reading(before, now, *, higher=True, within="5", unit="%"):
    return Reading(
        name="Measure",
        higher_is_better=higher,
        no_change_within=D(within),
        unit=unit,
        before=None if before is None else Point(D(before), START, "before"),
        now=None if now is None else Point(D(now), START + datetime.timedelta(days=90), "now"),
    )


@pytest.mark.parametrize(
    ("before", "now", "higher", "within", "expected"),
    [
        ("40", "65", True, "5", Outcome.IMPROVED),  # up 25 points, higher is better
        ("80", "70", True, "5", Outcome.WORSE),  # down 10, higher is better
        ("25", "20", False, "0.5", Outcome.IMPROVED),  # down 5, lower is better
        ("10", "12", False, "0.5", Outcome.WORSE),  # up 2, lower is better
        ("40", "44.9", True, "5", Outcome.NO_CHANGE),  # 4.9 < 5
        ("40", "35.1", False, "5", Outcome.NO_CHANGE),  # -4.9, either polarity
        ("40", "45", True, "5", Outcome.IMPROVED),  # exactly the threshold is a change
        ("500", "500.5", False, "1", Outcome.NO_CHANGE),  # a count's threshold is one
    ],
)
def test_the_rule_on_hand_worked_values(before, now, higher, within, expected):
    outcome, _ = judge(reading(before, now, higher=higher, within=within), START)
    assert outcome == expected


def test_without_both_values_nothing_is_measured_and_the_reason_says_why():
    assert judge(reading(None, "50"), START) == (
        Outcome.NOT_YET,
        "there is no value from before 1 May 2026 to compare with",
    )
    assert judge(reading("50", None), START) == (
        Outcome.NOT_YET,
        "there is no value since 1 May 2026 yet",
    )
    assert judge(reading(None, None), START)[0] == Outcome.NOT_YET
    assert judge(None, START) == (Outcome.NOT_YET, "the measure can no longer be found")


def test_before_is_the_latest_value_up_to_the_start_and_now_the_latest_after():
    p = [
        Point(D(1), datetime.date(2026, 1, 1), "a"),
        Point(D(2), START, "b"),  # on the start day: still before
        Point(D(3), datetime.date(2026, 7, 1), "c"),
        Point(D(4), datetime.date(2026, 10, 1), "d"),
    ]
    assert split(p, START) == (p[1], p[3])
    assert split(p, START, until=datetime.date(2026, 9, 30)) == (p[1], p[2])
    assert split(p[:2], START) == (p[1], None)  # one side only: not yet measurable


class StandIn:
    """A measure kind with hand-set values; each board may name only its own measure."""

    key = "standin"
    label = "Stand-in measure"

    def __init__(self):
        self.points: list[Point] = []
        self.higher_is_better = True

    def options(self, board):
        return [(f"board-{board.pk}", f"Measure of {board.name}")]

    def read(self, board, reference, start, until):
        if reference != f"board-{board.pk}":
            return None
        before, now = split(self.points, start, until)
        return Reading("Children seen alone", self.higher_is_better, D(5), "%", before, now)


@pytest.fixture
def standin(monkeypatch):
    kind = StandIn()
    monkeypatch.setitem(impact._KINDS, kind.key, kind)
    return kind


def make_action(board, agency=None, title="Record the child's voice"):
    action = Action.objects.create(
        region=board.region,
        agency=agency,
        title=title,
        due_date=datetime.date(2027, 1, 1),
        source=ActionSource.OTHER,
    )
    action.boards.add(board)
    return action


def measure_url(board, action):
    return reverse("actions:measure", args=[board.slug, action.pk])


def post_measure(client, board, action, reference=None, start="2026-05-01", **extra):
    return client.post(
        measure_url(board, action),
        {
            "measure": f"standin:{reference or f'board-{board.pk}'}",
            "start_date": start,
            "note": "More children seen alone",
            "revision": "-1",
            **extra,
        },
    )


def test_naming_a_measure_shows_it_before_and_now_on_the_action_page(
    client, login, make_user, board, standin
):
    standin.points = [
        Point(D(40), datetime.date(2026, 3, 31), "2025-26 Q4"),
        Point(D(65), datetime.date(2026, 9, 30), "2026-27 Q2"),
    ]
    action = make_action(board)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert post_measure(client, board, action).status_code == 302
    measure = ImpactMeasure.objects.get()
    assert (measure.board, measure.subject, measure.kind, measure.reference) == (
        board,
        action,
        "standin",
        f"board-{board.pk}",
    )
    assert measure.start_date == START
    page = client.get(reverse("actions:detail", args=[board.slug, action.pk])).content.decode()
    assert "40% <span" in page and "(2025-26 Q4, 31 Mar 2026)" in page  # before
    assert "65% <span" in page and "(2026-27 Q2, 30 Sep 2026)" in page  # now
    assert "Improved" in page and "higher is better" in page
    assert "a change smaller than 5 points is no change" in page


def test_a_new_measure_starts_on_the_day_the_action_was_raised(
    client, login, make_user, board, standin
):
    action = make_action(board)
    login(client, make_user(Role.QA_MEMBER, board=board))
    page = client.get(measure_url(board, action)).content.decode()
    raised = timezone.localdate(action.created_at)
    # the GOV.UK date input: day, month and year boxes
    assert f'name="start_date_day" type="text" inputmode="numeric" value="{raised.day}"' in page
    assert f'name="start_date_month" type="text" inputmode="numeric" value="{raised.month}"' in page
    assert f'name="start_date_year" type="text" inputmode="numeric" value="{raised.year}"' in page


def test_agency_lead_names_measures_only_for_their_own_agencys_actions(
    client, login, make_user, board, agency, other_agency, standin
):
    own = make_action(board, agency)
    theirs = make_action(board, other_agency)
    nobodys = make_action(board, None)
    login(client, make_user(Role.AGENCY_LEAD, board=board, agency=agency))
    assert client.get(measure_url(board, own)).status_code == 200
    assert post_measure(client, board, own).status_code == 302
    for action in (theirs, nobodys):
        assert client.get(measure_url(board, action)).status_code == 404
        assert post_measure(client, board, action).status_code == 404
    assert list(ImpactMeasure.objects.values_list("subject_id", flat=True)) == [own.pk]


def test_readers_may_not_name_a_measure_and_other_boards_see_nothing(
    client, login, make_user, board, other_board, agency, standin
):
    action = make_action(board, agency)
    login(client, make_user(Role.LAY_MEMBER, board=board))
    assert client.get(measure_url(board, action)).status_code == 403
    assert post_measure(client, board, action).status_code == 403
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.get(measure_url(board, action)).status_code == 404
    assert post_measure(client, board, action).status_code == 404
    # under their own board's address the action is not theirs either
    assert client.get(measure_url(other_board, action)).status_code == 404
    assert not ImpactMeasure.objects.exists()


def test_a_shared_action_shows_each_board_only_its_own_measure(
    client, login, make_user, board, other_board, standin
):
    standin.points = [
        Point(D(12), datetime.date(2026, 3, 31), "CANARY-BEFORE"),
        Point(D(97), datetime.date(2026, 6, 30), "CANARY-NOW"),
    ]
    action = make_action(board)
    action.boards.add(other_board)  # one action seen by two boards (a shared return's)
    impact.set_measure(
        action, board, choice=f"standin:board-{board.pk}", start_date=START, note="", user=None
    )
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    page = client.get(reverse("actions:detail", args=[other_board.slug, action.pk]))
    content = page.content.decode()
    assert page.status_code == 200 and "No measure named yet" in content
    assert "CANARY" not in content and "97%" not in content


def test_a_measure_of_another_boards_records_is_refused(
    client, login, make_user, board, other_board, standin
):
    action = make_action(board)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = post_measure(client, board, action, reference=f"board-{other_board.pk}")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(impact.MeasureRefused):
        impact.set_measure(
            action,
            board,
            choice=f"standin:board-{other_board.pk}",
            start_date=START,
            note="",
            user=None,
        )
    assert not ImpactMeasure.objects.exists()


def test_a_stale_save_of_the_measure_is_refused(client, login, make_user, board, standin):
    action = make_action(board)
    first, second = (make_user(Role.BUSINESS_MANAGER, board=board) for _ in range(2))
    login(client, first)
    assert post_measure(client, board, action, note="First").status_code == 302
    login(client, second)
    # the second person opened the page before any measure was stored (revision -1)
    response = post_measure(client, board, action, note="Second")
    assert response.status_code == 409
    assert "Second" in response.content.decode()
    assert ImpactMeasure.objects.get().note == "First"
    # loading the stored revision, the save goes through
    stored = ImpactMeasure.objects.get()
    response = post_measure(client, board, action, note="Second", revision=str(stored.revision))
    assert response.status_code == 302
    assert ImpactMeasure.objects.get().note == "Second"


def test_an_objective_measure_shows_on_the_golden_thread(client, login, make_user, board, standin):
    standin.points = [
        Point(D(80), datetime.date(2026, 3, 31), "before"),
        Point(D(70), datetime.date(2026, 6, 30), "since"),
    ]
    priority = Priority.objects.create(
        board=board, title="Neglect", start_date=START, end_date=datetime.date(2027, 3, 31)
    )
    objective = Objective.objects.create(
        priority=priority,
        title="Children seen alone",
        measure_of_success="Most children seen alone",
        due_date=datetime.date(2027, 3, 31),
    )
    url = reverse("plan:objective_measure", args=[board.slug, objective.pk])
    login(client, make_user(Role.QA_MEMBER, board=board))
    assert client.get(url).status_code == 403  # the plan is the leadership's
    login(client, make_user(Role.CHAIR, board=board))
    page = client.get(url).content.decode()
    # the priority's start, 1 May 2026, in the GOV.UK date input's day, month and year boxes
    assert 'name="start_date_day" type="text" inputmode="numeric" value="1"' in page
    assert 'name="start_date_month" type="text" inputmode="numeric" value="5"' in page
    assert 'name="start_date_year" type="text" inputmode="numeric" value="2026"' in page
    data = {"measure": f"standin:board-{board.pk}", "start_date": "2026-05-01", "revision": "-1"}
    assert client.post(url, data).status_code == 302
    action = raise_action(
        source=ActionSource.BUSINESS_PLAN,
        source_object=objective,
        source_key="a1",
        source_label="Neglect",
        boards=[board],
        agency=None,
        owner=None,
        title="Supervision audit",
        description="",
        due_date=datetime.date(2027, 1, 1),
        created_by=None,
    )
    impact.set_measure(
        action,
        board,
        choice=f"standin:board-{board.pk}",
        start_date=datetime.date(2026, 7, 1),  # nothing after it yet
        note="",
        user=None,
    )
    thread = client.get(priority.get_absolute_url()).content.decode()
    assert f'id="objective-{objective.pk}-impact"' in thread
    assert "Worse</strong>" in thread and "80% → 70% (higher is better)" in thread
    assert f'id="action-{action.pk}-impact"' in thread
    assert "Not yet measurable</strong>" in thread and "no value since 1 July 2026 yet" in thread


def test_the_annual_report_lists_actions_under_way_in_the_year_with_their_change(
    board, other_board, standin
):
    standin.points = [
        Point(D(40), datetime.date(2026, 3, 31), "2025-26 Q4"),
        Point(D(41), datetime.date(2026, 12, 31), "2026-27 Q3"),
        Point(D(90), datetime.date(2027, 6, 30), "2027-28 Q1"),  # after the year: not read
    ]

    def measured(title, start, **fields):
        action = make_action(board, title=title)
        Action.objects.filter(pk=action.pk).update(**fields)
        impact.set_measure(
            action, board, choice=f"standin:board-{board.pk}", start_date=start, note="", user=None
        )
        return action

    steady = measured("Steady", datetime.date(2026, 5, 1))
    unmeasured = measured("Begun later", datetime.date(2027, 1, 1))
    measured(
        "Closed before the year",
        datetime.date(2025, 5, 1),
        status=ActionStatus.COMPLETED,
        completed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    measured("Begins after the year", datetime.date(2027, 4, 2))
    make_action(board, title="No measure")
    make_action(other_board, title="CANARY")

    rows = impact.actions_with_measured_change(board, 2026)
    assert [(r.action, r.change.outcome) for r in rows] == [
        (steady, Outcome.NO_CHANGE),  # 40 → 41: one point, under five
        (unmeasured, Outcome.NOT_YET),  # nothing from 1 Jan to 31 Mar 2027
    ]
    assert rows[0].change.reading.now.label == "2026-27 Q3"


def test_the_self_assessment_evidence_names_the_measured_change(board, standin):
    from scrutiny.selfassessment.evidence import find_actions

    standin.points = [
        Point(D(40), datetime.date(2026, 3, 31), "before"),
        Point(D(65), datetime.date(2026, 6, 30), "since"),
    ]
    measured = make_action(board, title="Measured")
    make_action(board, title="Unmeasured")
    impact.set_measure(
        measured, board, choice=f"standin:board-{board.pk}", start_date=START, note="", user=None
    )
    labels = {c.obj.title: c.label for c in find_actions(board, None)}
    assert labels["Measured"].endswith("; measured change: Improved: 40% → 65% (higher is better)")
    assert "measured change" not in labels["Unmeasured"]
