"""The one permission check. Every view and template asks `has_permission`.

A person's grants are their role assignments. A grant reaches a board when it is held on
that board, or when it is a regional admin grant for the board's region (region roles
cascade to boards). Agency-scoped permissions additionally need the grant's agency to be
the agency concerned, so an agency lead acts only for their own agency.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet

from scrutiny.core.sql import model_columns
from scrutiny.people.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from scrutiny.people.models import User
    from scrutiny.tenancy.models import Agency, Board, Region


class Permission(enum.StrEnum):
    BOARD_VIEW = "board.view"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    AGENCIES_VIEW = "agencies.view"
    AGENCIES_MANAGE = "agencies.manage"
    AGENCY_EDIT = "agency.edit"
    AUDIT_LOG_VIEW = "auditlog.view"
    REGION_MANAGE = "region.manage"
    TEMPLATES_ADAPT = "templates.adapt"
    ACTIONS_VIEW = "actions.view"
    ACTIONS_VIEW_ALL = "actions.view_all"
    ACTION_UPDATE = "action.update"
    ACTIONS_MANAGE = "actions.manage"
    RETURNS_VIEW = "returns.view"
    RETURNS_SCHEDULE = "returns.schedule"
    RETURN_COMPLETE = "return.complete"
    RETURNS_REVIEW = "returns.review"
    PLAN_MANAGE = "plan.manage"
    THEMES_MANAGE = "themes.manage"
    GOVERNANCE_MANAGE = "governance.manage"
    CHALLENGE_RAISE = "challenge.raise"
    CHALLENGE_MANAGE = "challenge.manage"
    CHALLENGE_RESPOND = "challenge.respond"
    DATA_ENTER = "data.enter"
    AUDITS_VIEW = "audits.view"
    AUDITS_MANAGE = "audits.manage"
    REVIEWS_MANAGE = "reviews.manage"
    # Serious incidents, rapid reviews and local reviews (scrutiny/incidents).
    INCIDENTS_VIEW = "incidents.view"
    INCIDENTS_MANAGE = "incidents.manage"
    INCIDENT_CONTRIBUTE = "incident.contribute"
    TRAINING_MANAGE = "training.manage"
    ENGAGEMENT_MANAGE = "engagement.manage"
    REPORTS_VIEW = "reports.view"
    REPORTS_MANAGE = "reports.manage"
    SELF_ASSESSMENT_VIEW = "selfassessment.view"
    SELF_ASSESSMENT_EDIT = "selfassessment.edit"
    SELF_ASSESSMENT_DECIDE = "selfassessment.decide"
    PEER_REVIEW_MANAGE = "peerreview.manage"
    REGIONAL_LIBRARY_CONTRIBUTE = "regional_library.contribute"
    REGIONAL_LIBRARY_CURATE = "regional_library.curate"
    REGIONAL_REPORT_VIEW = "regional_report.view"
    JOBS_MANAGE = "jobs.manage"  # see the board's failed background jobs and retry them
    SCRUTINY_PLAN_MANAGE = "scrutiny_plan.manage"
    SCRUTINY_CONDUCT = "scrutiny_plan.conduct"
    INSPECTIONS_MANAGE = "inspections.manage"
    # The partnership (scrutiny/partnership): partners, register, documents, budget. Signing
    # a document is for the named lead safeguarding partner only (partnership.services.sign).
    PARTNERSHIP_MANAGE = "partnership.manage"


# Permissions that concern one agency: an agency lead holds them only for their own agency.
AGENCY_SCOPED = frozenset(
    {
        Permission.AGENCY_EDIT,
        Permission.ACTION_UPDATE,
        Permission.RETURN_COMPLETE,
        Permission.CHALLENGE_RESPOND,
        Permission.DATA_ENTER,
        Permission.INCIDENT_CONTRIBUTE,
    }
)

_EVERY_BOARD_MEMBER = {Permission.BOARD_VIEW, Permission.AGENCIES_VIEW, Permission.ACTIONS_VIEW}
# Board members other than agency leads see the whole board's returns and actions.
# The quarterly board pack (REPORTS_VIEW) lists every agency's overdue actions and late
# returns, so it is for oversight roles too; agency leads read the published annual report.
_BOARD_OVERSIGHT = {
    Permission.RETURNS_VIEW,
    Permission.ACTIONS_VIEW_ALL,
    Permission.AUDITS_VIEW,
    Permission.REPORTS_VIEW,
    Permission.SELF_ASSESSMENT_VIEW,
}
_SCRUTINY = {
    Permission.AUDITS_MANAGE,
    Permission.REVIEWS_MANAGE,
    Permission.RETURNS_REVIEW,
    Permission.ACTION_UPDATE,
    Permission.ACTIONS_MANAGE,
    Permission.CHALLENGE_RAISE,
    Permission.SELF_ASSESSMENT_EDIT,
    Permission.REGIONAL_LIBRARY_CONTRIBUTE,
}
# The chair and business manager run the plan, the board's theme list, the meetings and the
# challenge log; they decide the self-assessment's overall judgement, host peer reviews, and
# edit and publish the annual report.
_LEADERSHIP = {
    Permission.PLAN_MANAGE,
    Permission.THEMES_MANAGE,
    Permission.GOVERNANCE_MANAGE,
    Permission.CHALLENGE_MANAGE,
    Permission.SELF_ASSESSMENT_DECIDE,
    Permission.PEER_REVIEW_MANAGE,
    Permission.REPORTS_MANAGE,
    Permission.SCRUTINY_PLAN_MANAGE,
    Permission.INSPECTIONS_MANAGE,
    Permission.PARTNERSHIP_MANAGE,
}
# Those who run the training programme and the engagement register.
_LEARNING_AND_VOICE = {Permission.TRAINING_MANAGE, Permission.ENGAGEMENT_MANAGE}
# Targets for the data set are part of the plan: PLAN_MANAGE sets them.
# Serious incidents are given role by role: the chair and business manager record and run
# them; QA and lay members read them; agency leads see only the requests to their own agency
# (to give its contribution to a rapid review); the general viewer role does not see them.
_INCIDENTS_RUN = {Permission.INCIDENTS_VIEW, Permission.INCIDENTS_MANAGE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Regional admins hold everything but completing an agency's return and the independent
    # scrutineer's own work.
    Role.REGIONAL_ADMIN: frozenset(
        set(Permission)
        - {
            Permission.RETURN_COMPLETE,
            Permission.CHALLENGE_RESPOND,
            Permission.INCIDENT_CONTRIBUTE,
            Permission.SCRUTINY_CONDUCT,
        }
    ),
    # Chairs read the regional report (their region's boards side by side) through their board.
    Role.CHAIR: frozenset(
        _EVERY_BOARD_MEMBER
        | _BOARD_OVERSIGHT
        | _SCRUTINY
        | _LEADERSHIP
        | _LEARNING_AND_VOICE
        | _INCIDENTS_RUN
        | {Permission.PEOPLE_VIEW, Permission.REGIONAL_REPORT_VIEW}
    ),
    Role.BUSINESS_MANAGER: frozenset(
        _EVERY_BOARD_MEMBER
        | _BOARD_OVERSIGHT
        | _SCRUTINY
        | _LEADERSHIP
        | _LEARNING_AND_VOICE
        | _INCIDENTS_RUN
        | {
            Permission.PEOPLE_VIEW,
            Permission.PEOPLE_MANAGE,
            Permission.AGENCIES_MANAGE,
            Permission.AGENCY_EDIT,
            Permission.AUDIT_LOG_VIEW,
            Permission.TEMPLATES_ADAPT,
            Permission.RETURNS_SCHEDULE,
            Permission.DATA_ENTER,
            Permission.JOBS_MANAGE,
        }
    ),
    Role.QA_MEMBER: frozenset(
        _EVERY_BOARD_MEMBER
        | _BOARD_OVERSIGHT
        | _SCRUTINY
        | _LEARNING_AND_VOICE
        | {Permission.PEOPLE_VIEW, Permission.INCIDENTS_VIEW}
    ),
    Role.AGENCY_LEAD: frozenset(
        _EVERY_BOARD_MEMBER
        | {
            Permission.AGENCY_EDIT,
            Permission.ACTION_UPDATE,
            Permission.RETURN_COMPLETE,
            Permission.CHALLENGE_RESPOND,
            Permission.DATA_ENTER,
            Permission.INCIDENT_CONTRIBUTE,
        }
    ),
    Role.LAY_MEMBER: frozenset(
        _EVERY_BOARD_MEMBER
        | _BOARD_OVERSIGHT
        | {Permission.PEOPLE_VIEW, Permission.CHALLENGE_RAISE, Permission.INCIDENTS_VIEW}
    ),
    Role.VIEWER: frozenset(_EVERY_BOARD_MEMBER | _BOARD_OVERSIGHT),
    # The independent scrutineer is no board member: it reads only what the partnership shares
    # with it through its scrutiny plan, between the plan's dates (scrutineer.access), records
    # findings, raises challenges and writes its statement for the yearly report.
    Role.SCRUTINEER: frozenset({Permission.SCRUTINY_CONDUCT}),
}


@dataclass(frozen=True)
class Grant:
    role: Role
    region_id: int
    board_id: int | None
    agency_id: int | None

    def reaches_board(self, board: Board) -> bool:
        if self.role == Role.REGIONAL_ADMIN:
            return board.region_id == self.region_id
        return board.pk == self.board_id

    def reaches_region(self, region: Region) -> bool:
        return self.role == Role.REGIONAL_ADMIN and region.pk == self.region_id

    def allows(
        self,
        permission: Permission,
        board: Board | None,
        agency: Agency | None,
        region: Region | None,
    ) -> bool:
        if permission not in ROLE_PERMISSIONS[self.role]:
            return False
        if region is not None and not self.reaches_region(region):
            return False
        if board is not None and not self.reaches_board(board):
            return False
        if board is None and region is None:
            return False  # every permission is held in a scope; none is global
        if permission in AGENCY_SCOPED and self.role == Role.AGENCY_LEAD:
            return agency is not None and agency.pk == self.agency_id
        return agency is None or agency.region_id == self.region_id


_CACHE_ATTR = "_scrutiny_grants"
_BOARDS_ATTR = "_scrutiny_reachable_boards"
_REGION_BOARDS_ATTR = "_scrutiny_region_boards_read"


def grants_for(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's grants, read once per request and kept on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)  # first: asked many times in each request
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        return ()
    grants, boards = [], {}
    for grant, board in _read_grants(user.pk):
        grants.append(grant)
        if board is not None:
            boards[board.slug] = board
    cached = tuple(grants)
    setattr(user, _CACHE_ATTR, cached)
    setattr(user, _BOARDS_ATTR, boards)
    return cached


@functools.cache
def _grants_sql(vendor: str) -> str:
    """The query `_read_grants` makes, written once for the database in use."""
    from scrutiny.people.models import RoleAssignment
    from scrutiny.tenancy.models import Board, Region

    quote = connection.ops.quote_name
    held, board, region = RoleAssignment._meta, Board._meta, Region._meta
    column = {field.name: f"ra.{quote(field.column)}" for field in held.concrete_fields}
    role, region_id, board_id, agency_id, user_id, held_pk = (
        column[name] for name in ("role", "region", "board", "agency", "user", "id")
    )
    columns = ", ".join(
        [role, region_id, board_id, agency_id]
        + [model_columns(Board, "b").select, model_columns(Region, "r").select]
    )
    tables = (
        f"{quote(held.db_table)} ra "
        f"LEFT JOIN {quote(board.db_table)} b ON b.{quote(board.pk.column)} = {board_id} "
        f"LEFT JOIN {quote(region.db_table)} r "
        f"ON r.{quote(region.pk.column)} = b.{quote(board.get_field('region').column)}"
    )
    # The names are the models' own; the person goes as a parameter.
    return f"SELECT {columns} FROM {tables} WHERE {user_id} = %s ORDER BY {role}, {held_pk}"  # noqa: S608


def _read_grants(user_id: int) -> list[tuple[Grant, Board | None]]:
    """The person's role assignments as grants, each with its board and the board's region
    (a board page takes its board from here, with no query of its own, and the board
    switcher lists them; see `reachable_boards`). One query, in SQL because every signed-in
    page makes it (`core.sql`); in the order `role, pk`."""
    with connection.cursor() as cursor:
        cursor.execute(_grants_sql(connection.vendor), [user_id])
        rows = cursor.fetchall()
    return [(Grant(Role(row[0]), row[1], row[2], row[3]), _board_in(row[4:])) for row in rows]


def _board_in(columns: Sequence[Any]) -> Board | None:
    """The board, with its region, in a row's columns from `model_columns(Board, "b")` on
    (followed by `model_columns(Region, "r")`); None where the join found no board."""
    from scrutiny.tenancy.models import Board, Region

    board, region = model_columns(Board, "b"), model_columns(Region, "r")
    found = board.build(columns[: board.width])
    if found is not None:
        Board.region.field.set_cached_value(found, region.build(columns[board.width :]))
    return found


@functools.cache
def _region_boards_sql(vendor: str, regions: int) -> str:
    """The query for every board of `regions` regions, each with its region."""
    from scrutiny.tenancy.models import Board, Region

    quote = connection.ops.quote_name
    board, region = Board._meta, Region._meta
    columns = f"{model_columns(Board, 'b').select}, {model_columns(Region, 'r').select}"
    board_region = f"b.{quote(board.get_field('region').column)}"
    tables = (
        f"{quote(board.db_table)} b JOIN {quote(region.db_table)} r "
        f"ON r.{quote(region.pk.column)} = {board_region}"
    )
    where = f"{board_region} IN ({', '.join(['%s'] * regions)})"
    return f"SELECT {columns} FROM {tables} WHERE {where}"  # noqa: S608 - the models' names


def _read_region_boards(region_ids: set[int]) -> list[Board]:
    """Every board of the regions, each with its region: a regional admin's boards. One
    query, in SQL as the grants are (`_read_grants`), because every page they open makes it."""
    with connection.cursor() as cursor:
        cursor.execute(_region_boards_sql(connection.vendor, len(region_ids)), sorted(region_ids))
        return [board for row in cursor.fetchall() if (board := _board_in(row)) is not None]


def reachable_boards(user: User | AnonymousUser) -> dict[str, Board]:
    """The boards the person's grants reach, by slug: those they hold a role on, read with
    their grants (no query of their own), and for a regional admin every board of the region
    (one query, once per request)."""
    grants = grants_for(user)
    boards: dict[str, Board] | None = getattr(user, _BOARDS_ATTR, None)
    if boards is None:
        return {}
    region_ids = {g.region_id for g in grants if g.role == Role.REGIONAL_ADMIN}
    if region_ids and not getattr(user, _REGION_BOARDS_ATTR, False):
        boards.update((b.slug, b) for b in _read_region_boards(region_ids))
        setattr(user, _REGION_BOARDS_ATTR, True)
    return boards


def grants_key(user: User | AnonymousUser) -> str:
    """The person's grants as a short text: two people with the same grants may see and open
    the same things, so what is kept for one (`audit.versions.kept_on_board`) suits the
    other."""
    return "|".join(
        f"{g.role.value},{g.region_id},{g.board_id},{g.agency_id}"
        for g in sorted(grants_for(user), key=repr)
    )


def forget_grants(user: User) -> None:
    """Call after changing someone's roles within the same request."""
    for attribute in (_CACHE_ATTR, _BOARDS_ATTR, _REGION_BOARDS_ATTR):
        if hasattr(user, attribute):
            delattr(user, attribute)


def has_permission(
    user: User | AnonymousUser,
    permission: Permission,
    *,
    board: Board | None = None,
    agency: Agency | None = None,
    region: Region | None = None,
) -> bool:
    return any(g.allows(permission, board, agency, region) for g in grants_for(user))


def holds_for_some_agency(user: User | AnonymousUser, permission: Permission, board: Board) -> bool:
    """For agency-scoped permissions: held on this board for at least one agency.

    Views that pass this check must still check the particular agency (`get_board_agency`).
    """
    return any(
        permission in ROLE_PERMISSIONS[g.role] and g.reaches_board(board) for g in grants_for(user)
    )


def can_reach_board(user: User | AnonymousUser, board: Board) -> bool:
    """Whether the user has any role that reaches the board (else it should not exist for them)."""
    return any(g.reaches_board(board) for g in grants_for(user))


def can_reach_region(user: User | AnonymousUser, region: Region) -> bool:
    return any(g.reaches_region(region) for g in grants_for(user))


def roles_on_board(user: User | AnonymousUser, board: Board) -> list[Role]:
    return sorted(
        {g.role for g in grants_for(user) if g.reaches_board(board)}, key=list(Role).index
    )


def agency_ids_led(user: User | AnonymousUser, board: Board) -> set[int]:
    return {
        g.agency_id
        for g in grants_for(user)
        if g.role == Role.AGENCY_LEAD and g.board_id == board.pk and g.agency_id
    }


def agency_ids_led_by_board(user: User | AnonymousUser) -> dict[int, set[int]]:
    """`agency_ids_led` on every board the person leads an agency on, by the board's id."""
    leads: dict[int, set[int]] = {}
    for g in grants_for(user):
        if g.role == Role.AGENCY_LEAD and g.board_id and g.agency_id:
            leads.setdefault(g.board_id, set()).add(g.agency_id)
    return leads


def visible_boards(user: User | AnonymousUser) -> QuerySet[Board]:
    """The boards a user's grants reach (a regional admin's: every board of the region)."""
    from scrutiny.tenancy.models import Board

    grants = grants_for(user)
    board_ids = {g.board_id for g in grants if g.board_id}
    region_ids = {g.region_id for g in grants if g.role == Role.REGIONAL_ADMIN}
    return Board.objects.filter(Q(pk__in=board_ids) | Q(region_id__in=region_ids)).select_related(
        "region"
    )
