"""Meetings of the board and its sub-groups: members, agendas with papers, attendance, decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class Group(Revisioned):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=150)
    is_main_board = models.BooleanField(
        default=False, help_text="The board itself, not a sub-group"
    )
    terms_of_reference = models.TextField(blank=True)

    class Meta:
        ordering = ["-is_main_board", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="group_name_unique_on_board"),
            models.UniqueConstraint(
                fields=["board"],
                condition=models.Q(is_main_board=True),
                name="one_main_board_group",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:group", args=[self.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    LAY_MEMBER = "lay_member", "Lay member"
    ADVISER = "adviser", "Adviser"


class Member(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=150, help_text="As it should appear in minutes")
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    inducted_on = models.DateField(null=True, blank=True, verbose_name="induction completed")
    joined_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})" if self.agency_id else self.name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.group.audit_scope()


class Meeting(Revisioned):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    location = models.CharField(max_length=150, blank=True, help_text="A room, or 'Online'")
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group}, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.group.board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.group.audit_scope()


def paper_path(instance: AgendaItem, filename: str) -> str:
    return f"papers/{instance.meeting_id}/{filename}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=150, blank=True)
    paper = models.FileField(upload_to=paper_path, blank=True, max_length=300)
    paper_name = models.CharField(max_length=255, blank=True)
    # The standing item shows progress against the priorities, worked out from the plan.
    is_standing_progress_item = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.meeting.audit_scope()


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    SUBSTITUTE = "substitute", "Sent a substitute"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent without apologies"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    substitute_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.meeting.audit_scope()


class Decision(Revisioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.meeting.audit_scope()
