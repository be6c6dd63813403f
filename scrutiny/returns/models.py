"""Agency returns: Section 11 and school audits, quarterly and annual reports.

A return is what one agency answers for one template and period. Boards ask for it through
ReturnRequests, each with its own due date; an agency serving several boards answers once
and every requesting board sees the one return. Review (challenge, acceptance) is per board.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.library.models import (
    FrameworkTemplate,
    ScaleLevel,
    TemplateQuestion,
    TemplateSection,
    TemplateSubject,
)
from scrutiny.questionnaires.models import Response
from scrutiny.tenancy.models import Agency, Board

User = settings.AUTH_USER_MODEL


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class AgencyReturn(Revisioned):
    template = models.ForeignKey(
        FrameworkTemplate, on_delete=models.PROTECT, related_name="returns"
    )
    subject = models.ForeignKey(
        TemplateSubject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        help_text="For annual reports: which report this is",
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="returns")
    period_label = models.CharField(max_length=40, help_text="For example 2026-27 or 2026 Q3")
    period_start = models.DateField()
    period_end = models.DateField()
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, related_name="agency_return"
    )
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    # Raised by every save: two people editing one draft cannot silently overwrite each other.
    last_saved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_saved_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "agency", "period_label"],
                condition=models.Q(subject__isnull=True),
                name="one_return_per_template_agency_period",
            ),
            models.UniqueConstraint(
                fields=["template", "subject", "agency", "period_label"],
                condition=models.Q(subject__isnull=False),
                name="one_report_per_subject_agency_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.period_label}: {self.agency}"

    @property
    def title(self) -> str:
        return self.subject.title if self.subject_id else self.template.title

    @property
    def is_submitted(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED

    def get_board_url(self, board: Board) -> str:
        return reverse("returns:detail", args=[board.slug, self.pk])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.agency.region_id, list(self.requests.values_list("board_id", flat=True))


def board_return_ids(board: Board) -> list[int]:
    """The ids of the returns `board` asked for, read first (one query, through the request
    table's board index). Filter returns by them (`pk__in`) rather than joining the board's
    requests: at national size PostgreSQL joins the requests to the whole returns table (a
    hash join over every return, and a subquery costs more to plan than it saves); given
    the ids, it reads the board's returns by primary key."""
    return list(
        ReturnRequest.objects.filter(board=board)
        .order_by()  # a set of ids: no sort
        .values_list("agency_return_id", flat=True)
    )


class RequestQuerySet(models.QuerySet):
    def of_board(self, board: Board) -> RequestQuerySet:
        """The board's requests, their returns read by primary key (`board_return_ids`: one
        query, when called)."""
        return self.filter(board=board, agency_return_id__in=board_return_ids(board))


def received_on_time(
    first_submitted_at: datetime.datetime | None, due_date: datetime.date
) -> bool | None:
    """None until a return is first received; then whether that was on or before its due date
    (the rule for a request read as a model or as values)."""
    if first_submitted_at is None:
        return None
    return first_submitted_at.date() <= due_date


class ReturnRequest(models.Model):
    """A board asking an agency for a return, by a date. Acceptance is the board's own."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="return_requests")
    agency_return = models.ForeignKey(
        AgencyReturn, on_delete=models.CASCADE, related_name="requests"
    )
    due_date = models.DateField()
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "agency_return"], name="one_request_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.board.short_name} asks for {self.agency_return}"

    def received_on_time(self) -> bool | None:
        """None until first received; then whether that was on or before the due date."""
        return received_on_time(self.agency_return.first_submitted_at, self.due_date)

    def is_late(self, today: datetime.date) -> bool:
        received = self.agency_return.first_submitted_at
        return (received.date() if received else today) > self.due_date

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class EventKind(models.TextChoices):
    SCHEDULED = "scheduled", "Requested"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Reopened for changes"
    SENT_BACK = "sent_back", "Sent back to the agency"
    ACCEPTED = "accepted", "Accepted"
    CHALLENGED = "challenged", "Challenge raised"
    RESPONDED = "responded", "Challenge answered"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_REMOVED = "evidence_removed", "Evidence removed"


class ReturnEvent(models.Model):
    """The return's history, shown on its page: each step with who and when."""

    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.CASCADE, related_name="events")
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d %b %Y}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        # While the return is a draft its steps (evidence added, answers saved) are the
        # agency's own, like the draft itself. After that, an event for one board (a board's
        # challenge) shows there; a step of the agency's (submitting) on every board it serves.
        region, boards = self.agency_return.audit_scope()
        if self.agency_return.status == ReturnStatus.DRAFT:
            return region, []
        return region, [self.board_id] if self.board_id else boards


class ReturnChallenge(models.Model):
    """A question the board's QA group puts to the agency about its return."""

    agency_return = models.ForeignKey(
        AgencyReturn, on_delete=models.CASCADE, related_name="challenges"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="return_challenges")
    question = models.ForeignKey(
        TemplateQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    raised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.responded_at is None

    def get_board_url(self, board: Board) -> str:
        """The return's page on `board`, at this challenge."""
        url = reverse("returns:detail", args=[board.slug, self.agency_return_id])
        return f"{url}#challenge-{self.pk}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class ChallengeSession(models.Model):
    """An agency attending the QA group to present its findings and action plan."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="challenge_sessions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="challenge_sessions")
    agency_return = models.ForeignKey(
        AgencyReturn, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, by role and agency")
    findings = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True, verbose_name="Weaknesses and areas for development")
    action_plan = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Challenge session with {self.agency}, {self.held_on:%d %b %Y}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Stored under an opaque name; the original name is kept in the database only.
    stamp = f"{instance.uploaded_at:%Y%m%d%H%M%S}"
    return f"evidence/{instance.agency_return_id}/{instance.sha256[:16]}-{stamp}"


class EvidenceFile(models.Model):
    agency_return = models.ForeignKey(
        AgencyReturn, on_delete=models.CASCADE, related_name="evidence"
    )
    question = models.ForeignKey(
        TemplateQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def audit_scope(self) -> tuple[int | None, list[int]]:
        # Evidence is added to drafts, which are the agency's own until submitted.
        region, _ = self.agency_return.audit_scope()
        return region, []


class Inspectorate(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission"
    HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services"
    HMIP = "hmip", "HM Inspectorate of Probation"
    JTAI = "jtai", "Joint targeted area inspection"
    OTHER = "other", "Other"


class Inspection(models.Model):
    """An external inspection's judgement on one agency against one Section 11 standard,
    recorded by the board. What it found is the board's Finding (sourced from this record);
    the Section 11 comparison flags a standard the agency rated higher than the judgement."""

    finding_source_label = "External inspection"

    # "agency_inspections": the board's own inspections are `inspections.Inspection`
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="agency_inspections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspections")
    inspectorate = models.CharField(max_length=20, choices=Inspectorate.choices)
    inspected_on = models.DateField()
    section = models.ForeignKey(
        TemplateSection, on_delete=models.PROTECT, related_name="+", verbose_name="standard"
    )
    judgement = models.ForeignKey(ScaleLevel, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    findings = GenericRelation(
        "findings.Finding", content_type_field="source_type", object_id_field="source_id"
    )

    class Meta:
        ordering = ["-inspected_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_inspectorate_display()} on {self.agency}: {self.section}"

    def get_board_url(self, board: Board) -> str:
        return reverse("returns:section_11", args=[board.slug])

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReturnReminder(models.Model):
    """A reminder sent, so that running the reminder command twice sends nothing twice."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.request}, {self.sent_on}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.request.audit_scope()
