"""The single action tracker: filters, who sees and updates which actions, completion evidence."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.actions.models import Action, ActionSource, ActionStatus
from scrutiny.people.models import Role


def make_action(
    board,
    agency=None,
    *,
    title="Do something",
    due=datetime.date(2026, 1, 1),
    source=ActionSource.OTHER,
    boards=None,
    owner=None,
):
    action = Action.objects.create(
        region=board.region, agency=agency, title=title, due_date=due, source=source, owner=owner
    )
    action.boards.add(*(boards or [board]))
    return action


@pytest.fixture
def actions(board, other_board, agency, other_agency):
    return {
        "police": make_action(
            board, agency, title="Police: refresh training", due=datetime.date(2020, 1, 1)
        ),
        "health": make_action(
            board, other_agency, title="Health: audit supervision", due=datetime.date(2099, 1, 1)
        ),
        "canary": make_action(other_board, agency, title="CANARY Beta only action"),
    }


def tracker(client, board, **params):
    return client.get(reverse("actions:tracker", args=[board.slug]), params)


def test_board_member_sees_every_action_of_their_board_only(
    client, login, make_user, board, actions
):
    login(client, make_user(Role.CHAIR, board=board))
    content = tracker(client, board).content
    assert b"Police: refresh training" in content and b"Health: audit supervision" in content
    assert b"CANARY" not in content


def test_filters(client, login, make_user, board, agency, actions):
    login(client, make_user(Role.QA_MEMBER, board=board))
    overdue = tracker(client, board, overdue="yes").content
    assert b"Police: refresh training" in overdue and b"Health: audit supervision" not in overdue
    by_agency = tracker(client, board, agency=agency.pk).content
    assert b"Police" in by_agency and b"Health: audit" not in by_agency
    assert b"No actions match" in tracker(client, board, source=ActionSource.AGENCY_RETURN).content
    assert b"Police: refresh" in tracker(client, board, status="open").content


def update_url(board, action):
    return reverse("actions:update", args=[board.slug, action.pk])


def test_agency_lead_sees_and_updates_only_their_agencys_actions(
    client, login, make_user, board, agency, actions
):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, lead)
    content = tracker(client, board).content
    assert b"Police: refresh training" in content
    assert b"Health: audit supervision" not in content
    theirs = reverse("actions:detail", args=[board.slug, actions["health"].pk])
    response = client.post(
        update_url(board, actions["police"]),
        {"status": "in_progress", "note": "Half the staff trained", "evidence": ""},
    )
    assert response.status_code == 302
    actions["police"].refresh_from_db()
    assert actions["police"].status == ActionStatus.IN_PROGRESS
    assert actions["police"].updates.get().author == lead
    assert client.get(theirs).status_code == 404
    assert (
        client.post(
            update_url(board, actions["health"]),
            {"status": "completed", "note": "x", "evidence": "y"},
        ).status_code
        == 404
    )
    actions["health"].refresh_from_db()
    assert actions["health"].status == ActionStatus.NOT_STARTED


def test_lay_member_reads_but_cannot_update(client, login, make_user, board, actions):
    login(client, make_user(Role.LAY_MEMBER, board=board))
    url = reverse("actions:detail", args=[board.slug, actions["police"].pk])
    assert client.get(url).status_code == 200
    assert b"Add an update" not in client.get(url).content
    update = update_url(board, actions["police"])
    assert (
        client.post(update, {"status": "completed", "note": "x", "evidence": "y"}).status_code
        == 403
    )


def test_completion_needs_evidence(client, login, make_user, board, actions):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = update_url(board, actions["police"])
    response = client.post(url, {"status": "completed", "note": "Done", "evidence": ""})
    assert b"Give the evidence that shows the action is complete" in response.content
    actions["police"].refresh_from_db()
    assert actions["police"].status == ActionStatus.NOT_STARTED
    client.post(
        url,
        {"status": "completed", "note": "Done", "evidence": "Training register, 96% compliance"},
    )
    actions["police"].refresh_from_db()
    assert actions["police"].status == ActionStatus.COMPLETED
    assert actions["police"].completed_at is not None
    assert actions["police"].evidence_of_completion == "Training register, 96% compliance"


def test_manager_adds_an_action(client, login, make_user, board, agency):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    url = reverse("actions:create", args=[board.slug])
    assert (
        b"Enter what needs to be done"
        in client.post(url, {"title": "", "due_date": "2027-01-01"}).content
    )
    response = client.post(
        url,
        {
            "title": "Refresh the escalation policy",
            "agency": agency.pk,
            "owner": manager.pk,
            "due_date": "2027-01-01",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Refresh the escalation policy")
    assert list(action.boards.all()) == [board] and action.source == ActionSource.OTHER


def test_tracker_query_count_is_constant(client, login, make_user, board, agency):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert tracker(client, board).status_code == 200
        return len(ctx)

    make_action(board, agency, owner=make_user())
    few = count()
    for i in range(30):
        make_action(board, agency, title=f"Action {i}", owner=make_user())
    assert count() == few


def test_open_actions_come_first(client, login, make_user, board, agency):
    done = make_action(board, agency, title="Done long ago", due=datetime.date(2020, 1, 1))
    done.status = ActionStatus.COMPLETED
    done.save()
    make_action(board, agency, title="Still open", due=datetime.date(2030, 1, 1))
    login(client, make_user(Role.CHAIR, board=board))
    page = tracker(client, board).content.decode()
    assert 0 < page.index("Still open") < page.index("Done long ago")


def test_tracker_row_shows_each_column_and_links_to_the_action(
    client, login, make_user, board, agency
):
    owner = make_user(Role.QA_MEMBER, board=board)
    owner.full_name = "Olu Owner"
    owner.save()
    overdue = make_action(
        board,
        agency,
        title="Refresh <training>",
        due=datetime.date(2020, 3, 5),
        source=ActionSource.AGENCY_RETURN,
        owner=owner,
    )
    later = make_action(board, None, title="Later", due=datetime.date(2099, 11, 30))
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = tracker(client, board)
    content = response.content.decode()
    href = f"/b/{board.slug}/actions/{overdue.pk}/"
    assert (
        '<tr class="govuk-table__row"><td class="govuk-table__cell">'
        f'<a class="govuk-link" href="{href}">Refresh &lt;training&gt;</a></td>'
        f'<td class="govuk-table__cell">{agency.name}</td>'
        '<td class="govuk-table__cell">Olu Owner</td>'
        '<td class="govuk-table__cell">Agency return (Section 11, school audit, reports)</td>'
        '<td class="govuk-table__cell">5 Mar 2020</td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Red</strong>'
        ' <span class="govuk-body-s">Overdue, not started</span></td></tr>'
    ) in content
    # no agency, no owner: empty cells; green while not yet due
    assert (
        f'<a class="govuk-link" href="/b/{board.slug}/actions/{later.pk}/">Later</a></td>'
        '<td class="govuk-table__cell"></td><td class="govuk-table__cell"></td>'
        '<td class="govuk-table__cell">Other</td>'
        '<td class="govuk-table__cell">30 Nov 2099</td>'
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">Green</strong>'
    ) in content
    assert "2 actions</caption>" in content
    # the filters offer the board's agencies and the actions' owners
    assert f'<option value="{agency.pk}">{agency.name}</option>' in content
    assert f'<option value="{owner.pk}">Olu Owner</option>' in content
    selected = tracker(client, board, owner=owner.pk).content.decode()
    assert f'<option value="{owner.pk}" selected>Olu Owner</option>' in selected
    assert "1 action</caption>" in selected and "Later" not in selected


def test_tracker_names_an_agency_that_has_left_the_board(client, login, make_user, board):
    """A row's agency is named from the board's agencies (the filter's list); an agency no
    longer on the board is named all the same, looked up apart."""
    from scrutiny.tenancy.models import Agency, AgencyType

    gone = Agency.objects.create(
        region=board.region, name="Departed <Trust>", agency_type=AgencyType.HEALTH_ACUTE
    )
    action = make_action(board, gone, title="Left behind")
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    content = tracker(client, board).content.decode()
    assert (
        f'<a class="govuk-link" href="/b/{board.slug}/actions/{action.pk}/">Left behind</a></td>'
        '<td class="govuk-table__cell">Departed &lt;Trust&gt;</td>'
    ) in content
    assert f'<option value="{gone.pk}">' not in content  # not offered as the board's


def test_the_kept_tracker_shows_a_change_at_once(client, login, make_user, board, agency, actions):
    """The drawn tracker is kept until anything in the region changes: an agency lead's
    update through its form, a new action, are on the manager's next request."""
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, manager)
    assert tracker(client, board, status="in_progress").content.count(b"Police: refresh") == 0
    login(client, lead)
    client.post(
        update_url(board, actions["police"]),
        {"status": "in_progress", "note": "Half the staff trained", "evidence": ""},
    )
    login(client, manager)
    assert b"Police: refresh" in tracker(client, board, status="in_progress").content
    make_action(board, agency, title="Brand new action")
    assert b"Brand new action" in tracker(client, board).content


def test_the_kept_tracker_is_not_shared_with_who_sees_less(
    client, login, make_user, board, agency, actions
):
    """Kept for the manager (every action, the button to add one), the tracker is not what
    an agency lead is shown (their agency's actions only, no button)."""
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    add_url = reverse("actions:create", args=[board.slug]).encode()
    login(client, manager)
    content = tracker(client, board).content
    assert b"Health: audit supervision" in content and add_url in content
    login(client, lead)
    content = tracker(client, board).content
    assert b"Police: refresh training" in content
    assert b"Health: audit supervision" not in content and add_url not in content
