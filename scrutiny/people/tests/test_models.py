import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scrutiny.people.models import Role, RoleAssignment


def test_a_role_is_held_once_per_board_even_by_the_database(make_user, board):
    user = make_user(Role.QA_MEMBER, board=board)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=user, role=Role.QA_MEMBER, region=board.region, board=board
        )


def test_a_regional_role_is_held_once_per_region(make_user, region):
    user = make_user(Role.REGIONAL_ADMIN, region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.REGIONAL_ADMIN, region=region)


@pytest.mark.parametrize(
    ("role", "with_board", "with_agency"),
    [
        (Role.REGIONAL_ADMIN, True, False),
        (Role.CHAIR, False, False),
        (Role.CHAIR, True, True),
        (Role.AGENCY_LEAD, True, False),
    ],
)
def test_a_role_must_have_the_scope_its_kind_needs(
    make_user, board, agency, role, with_board, with_agency
):
    assignment = RoleAssignment(
        user=make_user(),
        role=role,
        region=board.region,
        board=board if with_board else None,
        agency=agency if with_agency else None,
    )
    with pytest.raises(ValidationError):
        assignment.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        assignment.save()


def test_two_factor_is_required_by_senior_roles_only(make_user, board, agency):
    assert make_user(Role.CHAIR, board=board).requires_two_factor()
    assert make_user(Role.BUSINESS_MANAGER, board=board).requires_two_factor()
    assert make_user(Role.REGIONAL_ADMIN, region=board.region).requires_two_factor()
    assert not make_user(Role.AGENCY_LEAD, board=board, agency=agency).requires_two_factor()
    assert not make_user(Role.LAY_MEMBER, board=board).requires_two_factor()
