"""Re-audit questions as impact measures: each completed audit of the chain is a value
(the share of positive answers), dated by its last completed case."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from scrutiny.actions.impact import MeasureRefused, Outcome, kinds, measured_change, set_measure
from scrutiny.actions.models import Action, ActionSource
from scrutiny.audits.models import AuditStatus, CaseStatus

from .test_audits import add_case, make_audit

START = datetime.date(2026, 5, 1)


@pytest.fixture
def tool(db):
    from scrutiny.library.models import FrameworkTemplate

    return FrameworkTemplate.objects.get(code="multi-agency-case-file-audit", owner_board=None)


@pytest.fixture
def lead(make_user, board):
    from scrutiny.people.models import Role

    return make_user(Role.QA_MEMBER, board=board)


def audited(audit, day, yes, of, lead):
    """`of` completed cases on `day`, `yes` of them with the child's voice recorded."""
    for n in range(of):
        case = add_case(audit, f"{audit.pk}-{n}", lead, voice=n < yes)
        case.completed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        case.save()
    audit.status = AuditStatus.COMPLETE
    audit.save()
    return audit


@pytest.fixture
def action(board):
    item = Action.objects.create(
        region=board.region, title="Act", due_date=START, source=ActionSource.OTHER
    )
    item.boards.add(board)
    return item


def change_of(action, board, audit, code="cfa-child-voice-recorded"):
    measure = set_measure(
        action, board, choice=f"reaudit:{audit.pk}:{code}", start_date=START, note="", user=None
    )
    return measured_change(measure)


def test_the_re_audit_shows_the_change(board, tool, lead, action):
    earlier = audited(
        make_audit(board, tool, lead, quarter="2026 Q1"), datetime.date(2026, 3, 20), 2, 5, lead
    )  # 40%
    later = make_audit(board, tool, lead, title="Re-audit", quarter="2026 Q3", earlier=earlier)
    # Named on the first audit, before the re-audit is done: not yet measurable.
    change = change_of(action, board, earlier)
    assert (change.reading.before.value, change.reading.now) == (D(40), None)
    assert change.outcome == Outcome.NOT_YET
    audited(later, datetime.date(2026, 10, 2), 17, 20, lead)  # 85%
    change = change_of(action, board, earlier)
    assert change.reading.before.label == "Neglect audit (2026 Q1), 5 cases"
    assert (change.reading.now.value, change.reading.now.when) == (
        D(85),
        datetime.date(2026, 10, 2),
    )
    assert change.outcome == Outcome.IMPROVED
    assert change.words == "Improved: 40% → 85% (higher is better)"
    # the same chain, named from the re-audit
    assert change_of(action, board, later).outcome == Outcome.IMPROVED


def test_a_re_audit_in_progress_or_within_the_threshold_measures_nothing_new(
    board, tool, lead, action
):
    earlier = audited(make_audit(board, tool, lead), datetime.date(2026, 3, 20), 8, 10, lead)  # 80%
    later = make_audit(board, tool, lead, title="Re-audit", quarter="2026 Q3", earlier=earlier)
    add_case(later, "in-progress", lead, status=CaseStatus.IN_PROGRESS, voice=True)
    assert change_of(action, board, earlier).outcome == Outcome.NOT_YET
    later.cases.all().delete()
    audited(later, datetime.date(2026, 9, 1), 21, 25, lead)  # 84%: 4 points, under 5
    assert change_of(action, board, earlier).outcome == Outcome.NO_CHANGE


def test_another_boards_audit_cannot_be_named(board, other_board, tool, lead, action):
    theirs = make_audit(other_board, tool, lead, title="Theirs")
    assert not [r for r, _ in kinds()["reaudit"].options(board) if r.startswith(f"{theirs.pk}:")]
    with pytest.raises(MeasureRefused):
        change_of(action, board, theirs)
