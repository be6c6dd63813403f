"""Shared fixtures: a region with boards and agencies, and people holding each role.

`login(client, user)` signs a person in, passing two-factor authentication where their role
needs it, so view tests exercise the same middleware as real requests.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.tenancy.models import Agency, AgencyType, Board, BoardAgency, Region

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from
# the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: figures kept by one test (keyed on ids that a
    rolled-back database hands out again) must never be shown in another."""
    cache.clear()


@pytest.fixture
def region(db) -> Region:
    return Region.objects.create(name="Test Region", slug="test-region")


@pytest.fixture
def board(region: Region) -> Board:
    return Board.objects.create(region=region, name="Alpha Board", short_name="Alpha", slug="alpha")


@pytest.fixture
def other_board(region: Region) -> Board:
    """A second board in the same region: its data must stay out of `board`'s pages."""
    return Board.objects.create(region=region, name="Beta Board", short_name="Beta", slug="beta")


@pytest.fixture
def far_board(db) -> Board:
    """A board in another region, out of reach even of this region's admins."""
    far = Region.objects.create(name="Far Region", slug="far")
    return Board.objects.create(region=far, name="Far Board", short_name="Far", slug="far-board")


@pytest.fixture
def agency(region: Region, board: Board, other_board: Board) -> Agency:
    """An agency serving both boards, like a police force."""
    police = Agency.objects.create(region=region, name="Test Police", agency_type=AgencyType.POLICE)
    BoardAgency.objects.create(board=board, agency=police, statutory_partner=True)
    BoardAgency.objects.create(board=other_board, agency=police, statutory_partner=True)
    return police


@pytest.fixture
def other_agency(region: Region, board: Board) -> Agency:
    health = Agency.objects.create(
        region=region, name="Test Health Trust", agency_type=AgencyType.HEALTH_ACUTE
    )
    BoardAgency.objects.create(board=board, agency=health, statutory_partner=True)
    return health


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db) -> MakeUser:
    counter = iter(range(1, 10_000))

    def make(
        role: Role | None = None,
        *,
        board: Board | None = None,
        agency: Agency | None = None,
        region: Region | None = None,
        email: str | None = None,
        password: str = "correct horse battery staple",  # noqa: S107 - test fixture
    ) -> User:
        n = next(counter)
        user = User.objects.create_user(
            email=email or f"person{n}@example.org", full_name=f"Person {n}", password=password
        )
        if role is not None:
            RoleAssignment.objects.create(
                user=user,
                role=role,
                region=region or (board.region if board else None),
                board=None if role == Role.REGIONAL_ADMIN else board,
                agency=agency,
            )
        return user

    return make


def user_for_role(make_user: MakeUser, role: Role, board: Board, agency: Agency) -> User:
    if role == Role.REGIONAL_ADMIN:
        return make_user(role, region=board.region)
    if role == Role.AGENCY_LEAD:
        return make_user(role, board=board, agency=agency)
    return make_user(role, board=board)


def verified_device(user: User) -> TOTPDevice:
    device = user.totpdevice_set.filter(confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture
def login() -> Callable[[Client, User], Client]:
    def do_login(client: Client, user: User) -> Client:
        client.force_login(user)
        if user.requires_two_factor():
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()
        return client

    return do_login
