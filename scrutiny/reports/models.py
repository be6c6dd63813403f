"""The board's annual report: a draft the business manager edits, frozen when published.

Figures are gathered from the records (see `sections.py`) every time a draft is shown;
publishing stores them as JSON together with the rendered PDF and Word files, so later
changes to the records never change a published report. Corrections are a new version.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from scrutiny.core.concurrency import Revisioned
from scrutiny.dataset.periods import financial_year_start
from scrutiny.tenancy.models import Board

User = settings.AUTH_USER_MODEL


class ReportFrozen(Exception):
    """A published report was about to change."""


def financial_year(label: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a financial year written like 2026-27 (April to March)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", label.strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValidationError(f"'{label}' is not a financial year like 2026-27")
    year = int(m.group(1))
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def year_label(day: datetime.date) -> str:
    """The financial year a day falls in, e.g. 2026-27."""
    start = financial_year_start(day)
    return f"{start}-{(start + 1) % 100:02d}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def published_path(instance: AnnualReport, filename: str) -> str:
    return f"reports/{instance.board_id}/{instance.year}-v{instance.version}-{filename}"


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
