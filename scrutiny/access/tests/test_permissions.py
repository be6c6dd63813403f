"""The one permission check, tested directly on grants."""

import pytest

from scrutiny.access.permissions import (
    AGENCY_SCOPED,
    ROLE_PERMISSIONS,
    Permission,
    has_permission,
    visible_boards,
)
from scrutiny.people.models import Role


def test_agency_lead_edits_only_their_own_agency(make_user, board, agency, other_agency):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    assert has_permission(lead, Permission.AGENCY_EDIT, board=board, agency=agency)
    assert not has_permission(lead, Permission.AGENCY_EDIT, board=board, agency=other_agency)
    assert not has_permission(lead, Permission.AGENCY_EDIT, board=board)


def test_agency_lead_on_two_boards_acts_on_each(make_user, board, other_board, agency):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    assert not has_permission(lead, Permission.BOARD_VIEW, board=other_board)
    lead.role_assignments.create(
        role=Role.AGENCY_LEAD, region=board.region, board=other_board, agency=agency
    )
    lead = type(lead).objects.get(pk=lead.pk)  # grants are cached per request/user object
    assert has_permission(lead, Permission.AGENCY_EDIT, board=other_board, agency=agency)
    assert set(visible_boards(lead)) == {board, other_board}


def test_regional_admin_cascades_to_every_board_of_the_region_only(
    make_user, board, other_board, far_board
):
    admin = make_user(Role.REGIONAL_ADMIN, region=board.region)
    for perm in ROLE_PERMISSIONS[Role.REGIONAL_ADMIN] - AGENCY_SCOPED:
        assert has_permission(admin, perm, board=board)
        assert has_permission(admin, perm, board=other_board)
        assert not has_permission(admin, perm, board=far_board)
    assert set(visible_boards(admin)) == {board, other_board}


def test_no_permission_is_held_without_a_scope(make_user, board):
    admin = make_user(Role.REGIONAL_ADMIN, region=board.region)
    assert not has_permission(admin, Permission.BOARD_VIEW)


def test_inactive_and_anonymous_users_hold_nothing(make_user, board):
    from django.contrib.auth.models import AnonymousUser

    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    manager.is_active = False
    assert not has_permission(manager, Permission.BOARD_VIEW, board=board)
    assert not has_permission(AnonymousUser(), Permission.BOARD_VIEW, board=board)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_can_view_its_board(role):
    # but the independent scrutineer, which reads only what its scrutiny plan shares with it
    assert (Permission.BOARD_VIEW in ROLE_PERMISSIONS[role]) == (role != Role.SCRUTINEER)


def test_only_the_agency_completes_its_returns(make_user, board, agency):
    """Board roles scrutinise returns; only the agency's own leads fill them in."""
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    assert has_permission(lead, Permission.RETURN_COMPLETE, board=board, agency=agency)
    for role in [Role.REGIONAL_ADMIN, Role.CHAIR, Role.BUSINESS_MANAGER, Role.QA_MEMBER]:
        user = make_user(role, board=board, region=board.region)
        assert not has_permission(user, Permission.RETURN_COMPLETE, board=board, agency=agency)


def test_grants_and_their_boards_are_the_role_assignments_as_stored(
    make_user, board, other_board, far_board, agency
):
    """The grants are read in SQL (every page pays for them): they must be the assignments
    the ORM reads, in the order role then pk, with each board and its region as stored."""
    from scrutiny.access.permissions import Grant, grants_for, reachable_boards
    from scrutiny.people.models import RoleAssignment

    person = make_user(Role.AGENCY_LEAD, board=other_board, agency=agency)
    for role, on in [(Role.QA_MEMBER, far_board), (Role.AGENCY_LEAD, board)]:
        RoleAssignment.objects.create(
            user=person,
            role=role,
            region=on.region,
            board=on,
            agency=agency if role == Role.AGENCY_LEAD else None,
        )
    RoleAssignment.objects.create(user=person, role=Role.REGIONAL_ADMIN, region=far_board.region)
    stored = RoleAssignment.objects.filter(user=person).order_by("role", "pk")
    assert grants_for(person) == tuple(
        Grant(Role(a.role), a.region_id, a.board_id, a.agency_id) for a in stored
    )
    boards = reachable_boards(person)
    for on in (board, other_board, far_board):
        assert boards[on.slug].name == on.name and boards[on.slug].pk == on.pk
        assert boards[on.slug].region.name == on.region.name
