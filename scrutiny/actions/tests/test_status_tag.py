"""How an action's status shows in lists (`services.status_tag`), case by case."""

import datetime

import pytest
from django.template import Context, Template

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.services import status_tag

TODAY = datetime.date(2026, 12, 7)


def action(status: str, due: datetime.date, rag_override: str = "") -> Action:
    return Action(title="x", status=status, due_date=due, rag_override=rag_override)


@pytest.mark.parametrize(
    ("status", "due", "override", "expected"),
    [
        (ActionStatus.COMPLETED, TODAY, "", ("green", "Completed", "")),
        (ActionStatus.CANCELLED, TODAY, "", ("grey", "Cancelled", "")),
        # past its date and still in work: red, and the note says overdue
        (ActionStatus.IN_PROGRESS, datetime.date(2026, 12, 6), "", ("red", "Red", "Overdue, in progress")),
        # not started, due in 14 days: at risk (amber); in 15 days: green
        (ActionStatus.NOT_STARTED, datetime.date(2026, 12, 21), "", ("orange", "Amber", "not started")),
        (ActionStatus.NOT_STARTED, datetime.date(2026, 12, 22), "", ("green", "Green", "not started")),
        # the owner's own RAG wins while open; red by choice is not "overdue"
        (ActionStatus.IN_PROGRESS, datetime.date(2027, 3, 1), "red", ("red", "Red", "in progress")),
        # reported done: no RAG, waiting for sign-off
        (ActionStatus.AWAITING_SIGN_OFF, datetime.date(2026, 1, 1), "", ("blue", "Awaiting sign-off", "work reported complete")),
    ],
)  # fmt: skip
def test_status_tag(status, due, override, expected):
    tag = status_tag(action(status, due, override), TODAY)
    assert (tag.colour, tag.label, tag.note) == expected


def test_a_tag_renders_as_escaped_html_in_a_template():
    tag = status_tag(action(ActionStatus.IN_PROGRESS, datetime.date(2026, 12, 1)), TODAY)
    html = Template("{{ tag }}").render(Context({"tag": tag}))
    assert html == (
        '<strong class="govuk-tag govuk-tag--red">Red</strong> '
        '<span class="govuk-body-s">Overdue, in progress</span>'
    )
    bare = Template("{{ tag }}").render(
        Context({"tag": status_tag(action("cancelled", TODAY), TODAY)})
    )
    assert bare == '<strong class="govuk-tag govuk-tag--grey">Cancelled</strong>'
