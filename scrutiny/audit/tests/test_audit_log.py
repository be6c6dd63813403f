"""Every create, update and delete is logged with who and what; each board sees only its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.audit.models import AuditEntry
from scrutiny.people.models import Role
from scrutiny.tenancy.models import Agency, AgencyType, BoardAgency


def entries_for(obj):
    return AuditEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_create_update_delete_are_recorded_with_the_actor(client, login, make_user, board, agency):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    response = client.post(
        reverse("tenancy:agency_edit", args=[board.slug, agency.pk]),
        {"contact_email": "mash@police.example", "website": "", "notes": "Single point of contact"},
    )
    assert response.status_code == 302
    update = entries_for(agency).filter(action=AuditEntry.Action.UPDATE).get()
    assert update.actor == manager
    assert update.changes["contact_email"] == ["", "mash@police.example"]
    assert set(update.boards.all()) == {board, agency.boards.exclude(pk=board.pk).get()}

    membership = BoardAgency.objects.get(board=board, agency=agency)
    client.post(reverse("tenancy:remove_agency_from_board", args=[board.slug, agency.pk]))
    deleted = AuditEntry.objects.get(
        content_type__model="boardagency", object_id=membership.pk, action=AuditEntry.Action.DELETE
    )
    assert deleted.actor == manager
    assert list(deleted.boards.all()) == [board]


def test_changes_made_outside_a_request_are_logged_as_system(board, region):
    agency = Agency.objects.create(
        region=region, name="New Charity", agency_type=AgencyType.VOLUNTARY
    )
    created = entries_for(agency).get()
    assert created.action == AuditEntry.Action.CREATE
    assert created.actor is None and created.actor_label == "System"
    assert created.region == region


def test_passwords_are_never_written_to_the_log(make_user, board):
    user = make_user(Role.VIEWER, board=board)
    user.set_password("a brand new secret phrase")
    user.save()
    for entry in entries_for(user):
        assert "password" not in (entry.changes or {})
        assert "brand new secret" not in str(entry.serialized_data)


def test_business_manager_sees_only_their_boards_changes(
    client, login, make_user, board, other_board, region
):
    other_only = Agency.objects.create(
        region=region, name="CANARY Beta Only Agency", agency_type=AgencyType.HOUSING
    )
    BoardAgency.objects.create(board=other_board, agency=other_only)
    mine = Agency.objects.create(
        region=region, name="Alpha Housing", agency_type=AgencyType.HOUSING
    )
    BoardAgency.objects.create(board=board, agency=mine)

    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.get(reverse("audit:board_log", args=[board.slug]))
    assert response.status_code == 200
    assert b"Alpha Housing" in response.content
    assert b"CANARY" not in response.content


def test_filters_narrow_the_log(client, login, make_user, board, region):
    mine = Agency.objects.create(
        region=region, name="Alpha Housing", agency_type=AgencyType.HOUSING
    )
    BoardAgency.objects.create(board=board, agency=mine)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("audit:board_log", args=[board.slug])
    deletes = client.get(url, {"action": AuditEntry.Action.DELETE})
    assert b"Alpha Housing" not in deletes.content
    creates = client.get(url, {"action": AuditEntry.Action.CREATE})
    assert b"Alpha Housing" in creates.content


@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.QA_MEMBER, Role.AGENCY_LEAD, Role.LAY_MEMBER, Role.VIEWER]
)
def test_other_roles_are_refused(client, login, make_user, board, agency, role):
    user = make_user(role, board=board, agency=agency if role == Role.AGENCY_LEAD else None)
    login(client, user)
    assert client.get(reverse("audit:board_log", args=[board.slug])).status_code == 403


def test_query_count_does_not_grow_with_the_log(client, login, make_user, board, region):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("audit:board_log", args=[board.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for i in range(3):
        a = Agency.objects.create(region=region, name=f"Agency {i}", agency_type=AgencyType.OTHER)
        BoardAgency.objects.create(board=board, agency=a)
    few = count()
    for i in range(3, 40):
        a = Agency.objects.create(region=region, name=f"Agency {i}", agency_type=AgencyType.OTHER)
        BoardAgency.objects.create(board=board, agency=a)
    assert count() == few
    # session, user, two-factor device, grants with their boards (the board among them), the
    # region's data version (each count is of a page worked out afresh: the agencies added
    # are a new version), record types, entry count, page of entries (with actor and type
    # joined), then one query per model named in the page's changes (agencies, users,
    # regions; not boards: the page's own board is named without one); no switcher query for
    # a manager of this board alone. No savepoint: a page that only reads runs in no
    # transaction (core.middleware.AtomicWritesMiddleware).
    assert few == 11


def test_the_count_and_the_boards_name_read_as_before(client, login, make_user, board, region):
    """The unfiltered count is read from the board's links to its entries, and the page's
    own board named without a lookup: both as the entries themselves say."""
    for i in range(3):
        a = Agency.objects.create(region=region, name=f"Agency {i}", agency_type=AgencyType.OTHER)
        BoardAgency.objects.create(board=board, agency=a)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    content = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    total = AuditEntry.objects.filter(boards=board).count()
    assert f"{total} changes</caption>" in content
    assert f'<span class="govuk-!-font-weight-bold">Board</span>: {board.name}</li>' in content


def test_changes_read_as_names_and_labels_not_ids(client, login, make_user, board, agency):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, manager)
    content = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    assert "Agency lead" in content  # the role's label, not "agency_lead"
    assert "agency_lead" not in content
    assert f'<span class="govuk-!-font-weight-bold">User</span>: {lead}' in content
    assert f'<span class="govuk-!-font-weight-bold">Agency</span>: {agency}' in content


def test_a_number_chosen_from_a_list_reads_as_its_label(make_user, board, agency):
    """An escalation's level is stored as a number; the log shows what the number means."""
    import datetime

    from scrutiny.audit.display import describe_changes
    from scrutiny.challenges.models import Challenge, Escalation, EscalationLevel

    challenge = Challenge.objects.create(
        board=board,
        to_agency=agency,
        raised_by=make_user(Role.CHAIR, board=board),
        issue="Late strategy meeting minutes",
        raised_on=datetime.date(2026, 9, 1),
        response_due=datetime.date(2026, 9, 30),
    )
    escalation = Escalation.objects.create(
        challenge=challenge,
        level=EscalationLevel.CHAIR,
        escalated_on=datetime.date(2026, 10, 1),
        reason="No reply",
        notified="The agency's senior manager",
    )
    entry = entries_for(escalation).get()
    rows = {row.label: row for row in describe_changes([entry])[entry.pk]}
    assert rows["level"].new == "Independent chair to the agency's senior manager"


def test_a_deleted_related_record_is_named_as_deleted(region, board):
    from scrutiny.audit.display import describe_changes

    agency = Agency.objects.create(region=region, name="Short-lived", agency_type=AgencyType.OTHER)
    membership = BoardAgency.objects.create(board=board, agency=agency)
    entry = entries_for(membership).get()
    agency_pk = agency.pk
    agency.delete()
    rows = {row.label: row for row in describe_changes([entry])[entry.pk]}
    assert rows["agency"].new == f"deleted ({agency_pk})"
    assert rows["board"].new == str(board)
    assert rows["agency"].old == "(empty)"


def test_a_change_to_a_generic_link_reads_without_error(client, login, make_user, board):
    """An action's source is a generic foreign key: there is no one related model to look up
    (the demo's audit log answered 500 on it)."""
    from django.contrib.contenttypes.models import ContentType

    from scrutiny.actions.models import Action

    entry = AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Action),
        object_pk="1",
        object_id=1,
        object_repr="Fix the referral pathway",
        action=AuditEntry.Action.UPDATE,
        changes={"source_object": ["Test Police", "Test Health Trust"]},
    )
    entry.boards.add(board)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.get(reverse("audit:board_log", args=[board.slug]))
    assert response.status_code == 200
    assert "Test Police <span aria-hidden" in response.content.decode()
    assert "Test Health Trust" in response.content.decode()


def test_a_new_records_reverse_relations_are_not_shown_as_its_changes(board):
    """django-auditlog records a new report's reverse relations as "reports.NarrativeSection.
    None"; the log shows only the record's own fields."""
    from django.contrib.contenttypes.models import ContentType

    from scrutiny.audit.display import describe_changes
    from scrutiny.reports.models import AnnualReport

    entry = AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(AnnualReport),
        object_pk="1",
        object_id=1,
        object_repr="Annual report 2026-27",
        action=AuditEntry.Action.CREATE,
        changes={
            "narratives": ["None", "reports.NarrativeSection.None"],
            "year": ["None", "2026-27"],
        },
    )
    rows = describe_changes([entry])[entry.pk]
    assert [row.new for row in rows] == ["2026-27"]
    assert not any("None" in row.new for row in rows)


def test_each_row_says_when_who_and_what(client, login, make_user, board, region):
    """The rows built in Python: the local time to the second, the actor, the change as a
    coloured tag (create green, update blue, delete red) and the kind of record."""
    from django.utils import timezone
    from django.utils.html import escape

    mine = Agency.objects.create(
        region=region, name="Alpha Housing", agency_type=AgencyType.HOUSING
    )
    membership = BoardAgency.objects.create(board=board, agency=mine)
    membership.statutory_partner = not membership.statutory_partner
    membership.save()
    membership.delete()
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    page = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    created = AuditEntry.objects.get(
        content_type__model="boardagency", action=AuditEntry.Action.CREATE
    )
    at = timezone.localtime(created.timestamp)
    stamp = f"{at.day} {at.strftime('%b')} {at.year} {at.hour:02}:{at.minute:02}:{at.second:02}"
    assert f'<td class="govuk-table__cell">{stamp}</td>' in page
    assert '<td class="govuk-table__cell">System</td>' in page  # made outside a request
    what = escape(f"board membership of an agency: {membership}")
    for colour, action in (("green", "Create"), ("blue", "Update"), ("red", "Delete")):
        assert f'govuk-tag--{colour}">{action}</strong> {what}' in page, action


def test_names_and_values_are_escaped_in_the_rows(client, login, make_user, board, region):
    """The rows are drawn in Python (`LogRow.__html__`, `changes_list`): what a record is
    called, and each value changed, is escaped as the template escaped it."""
    agency = Agency.objects.create(
        region=region, name="<b>Bold & Co</b>", agency_type=AgencyType.OTHER
    )
    BoardAgency.objects.create(board=board, agency=agency)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    content = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    assert "<b>Bold" not in content
    assert "&lt;b&gt;Bold &amp; Co&lt;/b&gt;" in content
    assert '<strong class="govuk-tag govuk-tag--green">Create</strong>' in content


def test_a_new_change_shows_at_once(client, login, make_user, board, region):
    """The page of the log is kept between views, until the region's next change: which is
    itself a new entry of the log."""
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("audit:board_log", args=[board.slug])

    def table() -> str:
        page = client.get(url).content.decode()
        return page[page.index('<table class="govuk-table" id="audit-table">') :]

    before = table()
    assert table() == before  # kept
    added = Agency.objects.create(region=region, name="Newly Housing", agency_type=AgencyType.OTHER)
    BoardAgency.objects.create(board=board, agency=added)
    after = table()
    assert "Newly Housing" not in before
    assert "Newly Housing" in after
    total = AuditEntry.objects.filter(boards=board).count()
    assert f"{total} changes</caption>" in after


def test_each_page_and_filter_is_kept_apart(client, login, make_user, board, region):
    for i in range(60):  # more than a page of the log
        a = Agency.objects.create(region=region, name=f"Agency {i}", agency_type=AgencyType.OTHER)
        BoardAgency.objects.create(board=board, agency=a)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    url = reverse("audit:board_log", args=[board.slug])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 1 of" in first and "Page 2 of" in second
    assert "Page 1 of" in client.get(url, {"page": "one"}).content.decode()  # read as the first
    created = client.get(url, {"action": AuditEntry.Action.CREATE}).content.decode()
    updated = client.get(url, {"action": AuditEntry.Action.UPDATE}).content.decode()
    assert "Agency 59" in created and "Agency 59" not in updated
    assert "Page 2 of" in client.get(url, {"page": 2}).content.decode()  # still kept apart


def test_the_boards_log_is_kept_for_each_board(
    client, login, make_user, board, other_board, region
):
    """Two boards of one region share a data version, not what is kept of their logs; and a
    regional admin, whose grants differ, sees the same log as the board's manager."""
    mine = Agency.objects.create(region=region, name="Alpha Housing", agency_type=AgencyType.OTHER)
    BoardAgency.objects.create(board=board, agency=mine)
    theirs = Agency.objects.create(region=region, name="Beta Housing", agency_type=AgencyType.OTHER)
    BoardAgency.objects.create(board=other_board, agency=theirs)
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    own = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    assert "Alpha Housing" in own and "Beta Housing" not in own
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    other = client.get(reverse("audit:board_log", args=[other_board.slug])).content.decode()
    assert "Beta Housing" in other and "Alpha Housing" not in other
    login(client, make_user(Role.REGIONAL_ADMIN, region=region))
    admins = client.get(reverse("audit:board_log", args=[board.slug])).content.decode()
    assert "Alpha Housing" in admins and "Beta Housing" not in admins
