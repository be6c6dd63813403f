"""Membership compliance: statutory partners on the board, lay members, induction."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny.tenancy.models import Agency, Board

from .models import Group, Member, MemberRole

# Working Together expects boards to have two lay members.
LAY_MEMBERS_EXPECTED = 2


@dataclass
class Compliance:
    main_group: Group | None
    statutory_missing: list[Agency] = field(default_factory=list)
    lay_members: int = 0
    not_inducted: list[Member] = field(default_factory=list)

    @property
    def lay_members_short(self) -> int:
        return max(0, LAY_MEMBERS_EXPECTED - self.lay_members)

    @property
    def compliant(self) -> bool:
        return bool(self.main_group) and not (
            self.statutory_missing or self.lay_members_short or self.not_inducted
        )


def board_compliance(board: Board, groups: list[Group] | None = None) -> Compliance:
    """The board's membership compliance. Queries: 1 the main group (none when the board's
    `groups` are given: the main group sorts first, and a board has at most one), 1 the
    statutory partners, 1 the main group's active members with their agencies."""
    if groups is None:
        main = board.groups.filter(is_main_board=True).first()
    else:
        main = next((g for g in groups if g.is_main_board), None)
    result = Compliance(main_group=main)
    statutory = Agency.objects.filter(
        memberships__board=board, memberships__statutory_partner=True
    ).order_by("name")
    if main is None:
        result.statutory_missing = list(statutory)
        return result
    members = list(main.members.filter(active=True).select_related("agency"))
    represented = {m.agency_id for m in members if m.agency_id}
    result.statutory_missing = [a for a in statutory if a.pk not in represented]
    result.lay_members = sum(1 for m in members if m.role == MemberRole.LAY_MEMBER)
    result.not_inducted = [m for m in members if m.inducted_on is None]
    return result
