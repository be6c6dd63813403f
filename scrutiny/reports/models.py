"""The board's annual report: a draft the business manager edits, frozen when published.

Figures are gathered from the records (see `sections.py`) every time a draft is shown;
publishing stores them as JSON together with the rendered PDF and Word files, so later
changes to the records never change a published report. Corrections are a new version.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.dataset.periods import financial_year_start
from scrutiny.tenancy.models import Arrangement, Board

from .framework import financial_year

User = settings.AUTH_USER_MODEL


class ReportFrozen(Exception):
    """A published report was about to change."""


def year_label(day: datetime.date) -> str:
    """The financial year a day falls in, e.g. 2026-27."""
    start = financial_year_start(day)
    return f"{start}-{(start + 1) % 100:02d}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def published_path(instance: AnnualReport, filename: str) -> str:
    # The file name already says board, year and version (render.filename).
    return f"reports/{instance.board_id}/{filename}"


class AnnualReport(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.CharField(max_length=7, help_text="The financial year, for example 2026-27")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Frozen at publication: the gathered figures, and the files as they were published.
    figures = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to=published_path, blank=True, max_length=300)
    docx = models.FileField(upload_to=published_path, blank=True, max_length=300)
    # The library structure the version was started with (a published one keeps it).
    structure_code = models.CharField(max_length=80, default="regional-annual-report-2013")
    structure_version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year", "version"], name="one_report_version_per_year"
            ),
            models.UniqueConstraint(
                fields=["board", "year"],
                condition=models.Q(status="draft"),
                name="one_draft_report_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board.short_name} annual report {self.year} (version {self.version})"

    def save(self, *args, **kwargs) -> None:
        # Once published, nothing about the row may change again.
        if self.pk and not getattr(self, "_publishing", False):
            stored = AnnualReport.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == ReportStatus.PUBLISHED:
                raise ReportFrozen(f"{self} is published and cannot be changed")
        super().save(*args, **kwargs)

    def get_board_url(self, board: Board) -> str:
        return reverse("reports:report", args=[board.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return financial_year(self.year)

    def ensure_editable(self) -> None:
        if self.is_published:
            raise ReportFrozen(f"{self} is published and cannot be changed")

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class NarrativeSection(Revisioned):
    """The business manager's words for one section of one report version."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="narratives")
    section_key = models.CharField(max_length=60)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section_key"], name="one_narrative_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_key} of {self.report}"

    def save(self, *args, **kwargs) -> None:
        AnnualReport.objects.get(pk=self.report_id).ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        AnnualReport.objects.get(pk=self.report_id).ensure_editable()
        return super().delete(*args, **kwargs)

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.report.audit_scope()


# --- the board's choices: structure, signatories, deadlines ---------------------------------
# Whether the board is a partnership or an LSCB is the board's own choice (`Board.arrangement`).


# Where report settings kept the logo before it moved to the board (`Board.logo`); the
# migrations that made that field still name it, and the logos already uploaded stay here.
def logo_path(instance: ReportSettings, filename: str) -> str:
    return f"reports/{instance.board_id}/logo-{filename}"


class ReportSettings(Revisioned):
    """How one board's yearly report is made, signed off and sent: its own choices, with
    defaults from settings (the current guidance)."""

    board = models.OneToOneField(Board, on_delete=models.CASCADE, related_name="report_settings")
    structure_code = models.CharField(
        "Report structure", max_length=80, default="regional-annual-report-2013"
    )
    publish_by_months = models.PositiveSmallIntegerField(
        "Publish within (months after the year ends)",
        help_text="The report is due this many months after the end of the year it covers.",
    )
    send_within_days = models.PositiveSmallIntegerField(
        "Send within (days of publication)",
        help_text="Each recipient should have the report this many days after it is published.",
    )
    recipients = models.TextField(
        help_text="Who the published report is sent to, one a line.",
    )
    remind_days_before = models.PositiveSmallIntegerField(
        "Remind (days before each deadline)",
    )

    def __str__(self) -> str:
        return f"Report settings for {self.board}"

    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


class SignatoryRole(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated care board"
    POLICE = "police", "Police"
    CHAIR = "chair", "Chair of the board"


ROLES_FOR = {
    Arrangement.PARTNERSHIP: [
        SignatoryRole.LOCAL_AUTHORITY,
        SignatoryRole.ICB,
        SignatoryRole.POLICE,
    ],
    Arrangement.LSCB: [SignatoryRole.CHAIR],
}


class Signatory(models.Model):
    """The chair, who signs off the yearly report of an LSCB. For a partnership the people
    who sign are the safeguarding partners' named leads (or delegates), kept by
    `scrutiny.partnership` (`Partner`); the rows once kept here for them moved there."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="report_signatories")
    role = models.CharField(max_length=20, choices=SignatoryRole.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["board", "role"], name="one_signatory_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]


# --- sign-off and publishing ----------------------------------------------------------------


class Approval(models.Model):
    """One signatory's approval of one version, of its content as it was (`fingerprint`)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField(max_length=20, choices=SignatoryRole.choices)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "role"], name="one_approval_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} approved {self.report}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.report.audit_scope()


class Acknowledgement(models.Model):
    """A pre-publish problem the board publishes with, and why."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    code = models.CharField(max_length=120)
    reason = models.TextField()
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="one_acknowledgement_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.code} acknowledged on {self.report}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.report.audit_scope()


class Publication(models.Model):
    """Where a published version was put for the public."""

    report = models.OneToOneField(
        AnnualReport, on_delete=models.CASCADE, related_name="publication"
    )
    url = models.URLField("Address where it is published", max_length=500)
    published_on = models.DateField("Published there on")
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.report} at {self.url}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.report.audit_scope()


class Dispatch(models.Model):
    """The published report sent to one recipient the guidance (or the board) names."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="dispatches")
    recipient = models.CharField(max_length=200)
    due_on = models.DateField()
    sent_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["due_on", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["report", "recipient"], name="one_dispatch_each")
        ]

    def __str__(self) -> str:
        return f"{self.report} to {self.recipient}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.report.audit_scope()


class DeadlineReminder(models.Model):
    """A reminder sent before a deadline, so the daily command sends each one once."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7)
    deadline = models.CharField(max_length=220)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year", "deadline", "due_on"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder: {self.deadline} ({self.due_on})"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
