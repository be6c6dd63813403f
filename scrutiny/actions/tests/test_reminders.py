import datetime

from django.core import mail

from scrutiny.actions.models import Action, ActionSource, ActionStatus
from scrutiny.actions.reminders import send_overdue_reminders


def make(board, owner, due, status=ActionStatus.NOT_STARTED, title="Act"):
    action = Action.objects.create(
        region=board.region,
        owner=owner,
        title=title,
        due_date=due,
        status=status,
        source=ActionSource.OTHER,
    )
    action.boards.add(board)
    return action


def test_owners_get_a_weekly_digest_of_overdue_actions(make_user, board):
    owner, other = make_user(email="owner@example.org"), make_user(email="other@example.org")
    make(board, owner, datetime.date(2026, 10, 1), title="Refresh policy")
    make(board, owner, datetime.date(2026, 10, 5), title="Train staff")
    make(
        board,
        owner,
        datetime.date(2026, 10, 1),
        status=ActionStatus.COMPLETED,
        title="Done already",
    )
    make(board, other, datetime.date(2026, 12, 1), title="Not yet due")
    assert send_overdue_reminders(datetime.date(2026, 10, 10)) == 1
    (email,) = mail.outbox
    assert email.to == ["owner@example.org"] and email.subject == "2 overdue actions in Scrutiny"
    assert (
        "Refresh policy" in email.body
        and "Train staff" in email.body
        and "Done already" not in email.body
    )
    assert "/b/alpha/actions/" in email.body
    assert send_overdue_reminders(datetime.date(2026, 10, 12)) == 0  # reminded this week
    assert send_overdue_reminders(datetime.date(2026, 10, 17)) == 1


def test_rag_from_dates_and_the_owners_own_rating(board):
    today = datetime.date(2026, 10, 10)
    assert make(board, None, datetime.date(2026, 10, 1)).rag(today) == "red"
    assert (
        make(board, None, datetime.date(2026, 10, 20)).rag(today) == "amber"
    )  # due soon, not started
    assert (
        make(board, None, datetime.date(2026, 10, 20), status=ActionStatus.IN_PROGRESS).rag(today)
        == "green"
    )
    flagged = make(board, None, datetime.date(2027, 1, 1))
    flagged.rag_override = "amber"
    assert flagged.rag(today) == "amber"
    assert (
        make(board, None, datetime.date(2026, 1, 1), status=ActionStatus.COMPLETED).rag(today)
        is None
    )
