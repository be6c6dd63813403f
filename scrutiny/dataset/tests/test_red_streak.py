"""The data set as a source of findings: an indicator red for two periods running is offered
as a finding on its page. The rule is worked by hand on small fixtures below."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from scrutiny.dataset.board_data import board_rows
from scrutiny.dataset.findings import board_targets, red_streak
from scrutiny.dataset.models import Target
from scrutiny.dataset.tests.values import hold, indicator
from scrutiny.findings.models import Finding
from scrutiny.findings.services import record_finding
from scrutiny.people.models import Role

# Assessments within 45 working days: a percentage, higher is better, quarterly.
CODE = "assessments-45-days"
Q2, Q3, Q4, Q1 = (
    ("2025 Q2", datetime.date(2025, 6, 30)),
    ("2025 Q3", datetime.date(2025, 9, 30)),
    ("2025 Q4", datetime.date(2025, 12, 31)),
    ("2026 Q1", datetime.date(2026, 3, 31)),
)


def value(board, period, percent, target=60, tolerance=5, code=CODE):
    label, end = period
    held = hold(board, code, label, end, percent, 100)
    if target is not None:
        Target.objects.create(
            board=board,
            indicator=held.indicator,
            period_label=label,
            target=D(target),
            tolerance=D(tolerance),
        )
    return held


def test_two_reds_running_make_a_streak(board):
    value(board, Q2, 70)  # green: on or above 60
    q3 = value(board, Q3, 50)  # 10 short, beyond the tolerance of 5: red
    q4 = value(board, Q4, 54)  # 6 short: red
    streak = red_streak(board, indicator(CODE))
    assert [p.row for p in streak.periods] == [q3, q4]
    assert streak.latest == q4
    assert streak.finding_text() == (
        "Assessments completed within 45 working days has been red for 2 periods running "
        "(2025 Q3 50.0% against a target of 60.0%; 2025 Q4 54.0% against a target of 60.0%)."
    )


def test_three_reds_make_a_streak_of_three(board):
    value(board, Q2, 40)
    value(board, Q3, 50)
    value(board, Q4, 54)
    assert len(red_streak(board, indicator(CODE)).periods) == 3


def test_one_red_is_not_enough(board):
    value(board, Q3, 54)
    value(board, Q4, 50)  # red
    value(board, Q1, 62)  # latest is green: no current streak
    assert red_streak(board, indicator(CODE)) is None


def test_amber_at_the_edge_of_the_tolerance_breaks_the_run(board):
    value(board, Q3, 50)  # red
    value(board, Q4, 55)  # exactly 5 short: amber (the bands touch)
    assert red_streak(board, indicator(CODE)) is None


def test_a_missing_period_breaks_the_run(board):
    value(board, Q3, 50)
    value(board, Q1, 50)  # 2025 Q4 has no value: not consecutive
    assert red_streak(board, indicator(CODE)) is None


def test_a_period_without_a_target_is_not_red(board):
    value(board, Q3, 50, target=None)  # grey: no target
    value(board, Q4, 50)
    assert red_streak(board, indicator(CODE)) is None


def test_lower_is_better_is_red_above_target(board):
    # Re-referrals within 12 months: lower is better; target 20%, tolerance 2.
    code = "re-referrals-12m"
    value(board, Q3, 25, target=20, tolerance=2, code=code)  # 5 over: red
    value(board, Q4, 23, target=20, tolerance=2, code=code)  # 3 over: red
    assert len(red_streak(board, indicator(code)).periods) == 2
    assert red_streak(board, indicator(CODE)) is None  # another indicator, no values


def test_another_boards_values_do_not_count(board, other_board):
    value(other_board, Q3, 50)
    value(other_board, Q4, 50)
    value(board, Q4, 50)
    assert red_streak(board, indicator(CODE)) is None
    assert red_streak(other_board, indicator(CODE)) is not None


@pytest.mark.parametrize(
    "periods, red",
    [
        ([(Q2, 70), (Q3, 50), (Q4, 54)], ["2025 Q3", "2025 Q4"]),
        ([(Q2, 40), (Q3, 50), (Q4, 54)], ["2025 Q2", "2025 Q3", "2025 Q4"]),
        ([(Q3, 54), (Q4, 50), (Q1, 62)], None),  # the latest is green
        ([(Q3, 50), (Q4, 55)], None),  # amber at the edge
        ([(Q3, 50), (Q1, 50)], None),  # a gap
    ],
)
def test_the_values_the_indicator_page_read_give_the_same_streak_without_a_query(
    board, periods, red, django_assert_num_queries
):
    held = {label: value(board, (label, end), percent) for (label, end), percent in periods}
    item = indicator(CODE)
    targets = board_targets(board, item)
    (row,) = board_rows(board, [item])
    with django_assert_num_queries(0):
        streak = red_streak(board, item, targets, row.held)
    if red is None:
        assert streak is None
        return
    assert [p.row.period_label for p in streak.periods] == red
    assert [p.row.pk for p in streak.periods] == [held[label].pk for label in red]
    assert [p.value for p in streak.periods] == [D(percent) for _, percent in periods][-len(red) :]
    assert streak.latest == held[red[-1]]  # the finding's source: the same stored value


def _page(board):
    return reverse("dataset:indicator", args=[board.slug, CODE])


def _add(board):
    return reverse("dataset:indicator_finding", args=[board.slug, CODE])


def test_the_indicator_page_offers_and_records_the_finding(client, login, make_user, board):
    value(board, Q3, 50)
    q4 = value(board, Q4, 54)
    member = make_user(Role.QA_MEMBER, board=board)
    login(client, member)
    page = client.get(_page(board)).content.decode()
    assert "Red for 2 periods running (2025 Q3, 2025 Q4)" in page and _add(board) in page
    form = client.get(_add(board)).content.decode()
    assert "has been red for 2 periods running" in form
    response = client.post(_add(board), {"kind": "improvement", "text": "Assessments late"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.board, finding.source, finding.recorded_by) == (board, q4, member)
    assert finding.source_kind_label == "Data set" and finding.source_url == _page(board)
    page = client.get(_page(board)).content.decode()
    assert "Recorded as a finding" in page and _add(board) not in page
    assert "Assessments late" in page


def test_the_kept_page_offers_recording_only_to_who_may(client, login, make_user, board):
    """The page is kept by grants: a viewer after a manager sees no link to record a finding
    or raise an action, and the manager after the viewer still does."""
    value(board, Q3, 50)
    q4 = value(board, Q4, 54)
    record_finding(board=board, source=q4, kind="improvement", text="Assessments late")
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    viewer = make_user(Role.VIEWER, board=board)
    raise_action = reverse("findings:raise_action", args=[board.slug, Finding.objects.get().pk])
    for _ in range(2):
        login(client, manager)
        page = client.get(_page(board)).content.decode()
        assert raise_action in page
        login(client, viewer)
        page = client.get(_page(board)).content.decode()
        assert "Assessments late" in page and raise_action not in page


def test_nothing_to_record_without_a_streak(client, login, make_user, board):
    value(board, Q4, 50)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    assert _add(board) not in client.get(_page(board)).content.decode()
    response = client.post(_add(board), {"kind": "improvement", "text": "x"})
    assert response.status_code == 302 and response.url == _page(board)
    assert not Finding.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.LAY_MEMBER, Role.VIEWER])
def test_who_may_not_record(client, login, make_user, board, agency, role):
    value(board, Q3, 50)
    value(board, Q4, 50)
    login(client, make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None))
    assert client.post(_add(board), {"kind": "improvement", "text": "x"}).status_code == 403
    assert _add(board) not in client.get(_page(board)).content.decode()
    assert not Finding.objects.exists()


def test_another_board_cannot_record_or_see(client, login, make_user, board, other_board):
    value(board, Q3, 50)
    q4 = value(board, Q4, 50)
    record_finding(board=board, source=q4, kind="improvement", text="Alpha data finding")
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert client.post(_add(board), {"kind": "improvement", "text": "x"}).status_code == 404
    # On their own board the indicator is not red (no values): nothing recorded, nothing seen.
    client.post(_add(other_board), {"kind": "improvement", "text": "x"})
    assert "Alpha data finding" not in client.get(_page(other_board)).content.decode()
    assert Finding.objects.count() == 1
