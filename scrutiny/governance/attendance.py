"""Attendance rates (MEASURES.md): meetings attended ÷ meetings expected, per member and agency.

A member is expected at every recorded meeting of their group. Attended means present in
person; substitutes and apologies are counted separately and do not count as attended.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .models import Attendance, AttendanceStatus, Group, Member

# Flag a member who has missed this many of their group's most recent meetings in a row.
CONSECUTIVE_MISSES_FLAG = 3


@dataclass
class Rate:
    expected: int = 0
    attended: int = 0
    substitutes: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        return 100 * self.attended / self.expected if self.expected else None

    def add(self, status: str) -> None:
        self.expected += 1
        if status == AttendanceStatus.PRESENT:
            self.attended += 1
        elif status == AttendanceStatus.SUBSTITUTE:
            self.substitutes += 1
        elif status == AttendanceStatus.APOLOGIES:
            self.apologies += 1
        else:
            self.absent += 1


@dataclass
class MemberRate:
    member: Member
    rate: Rate
    consecutive_misses: int

    @property
    def flagged(self) -> bool:
        return self.consecutive_misses >= CONSECUTIVE_MISSES_FLAG


@dataclass
class GroupAttendance:
    group: Group
    members: list[MemberRate] = field(default_factory=list)
    agencies: dict[str, Rate] = field(default_factory=dict)


def group_attendance(
    group: Group, since: datetime.date | None = None, until: datetime.date | None = None
) -> GroupAttendance:
    """Rates for every member and agency of a group, from its recorded meetings.

    `since` and `until` (inclusive) limit the meetings counted, e.g. to a financial year.
    """
    records = Attendance.objects.filter(meeting__group=group)
    if since:
        records = records.filter(meeting__held_on__gte=since)
    if until:
        records = records.filter(meeting__held_on__lte=until)
    records = records.select_related("meeting", "member__agency").order_by(
        "meeting__held_on", "meeting_id"
    )
    by_member: dict[int, list[Attendance]] = defaultdict(list)
    by_agency_meeting: dict[str, dict[int, str]] = defaultdict(dict)
    for record in records:
        by_member[record.member_id].append(record)
        if record.member.agency_id:
            # An agency attended a meeting if any of its members was there in person.
            seen = by_agency_meeting[record.member.agency.name]
            if seen.get(record.meeting_id) != AttendanceStatus.PRESENT:
                seen[record.meeting_id] = record.status
    result = GroupAttendance(group=group)
    for member in group.members.filter(active=True).select_related("agency"):
        rate = Rate()
        misses = 0
        for record in by_member.get(member.pk, []):
            rate.add(record.status)
            misses = 0 if record.status == AttendanceStatus.PRESENT else misses + 1
        result.members.append(MemberRate(member, rate, misses))
    for agency, meetings in sorted(by_agency_meeting.items()):
        rate = Rate()
        for status in meetings.values():
            rate.add(status)
        result.agencies[agency] = rate
    return result
