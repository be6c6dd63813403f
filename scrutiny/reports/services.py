"""Starting, writing, publishing and correcting annual reports."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .models import AnnualReport, NarrativeSection, ReportFrozen, ReportStatus, financial_year
from .render import docx_export, gather_report, pdf_export


class ReportError(ValueError):
    """A request the report's state does not allow; the message says why."""


@transaction.atomic
def start_report(board: Board, year: str, user: User | None) -> AnnualReport:
    financial_year(year)  # refuses a badly written year
    if AnnualReport.objects.filter(board=board, year=year).exists():
        raise ReportError(
            f"There is already an annual report for {year}; "
            "start a new version from the published one to correct it."
        )
    return AnnualReport.objects.create(board=board, year=year, created_by=user)


@transaction.atomic
def save_narrative(
    report: AnnualReport, key: str, text: str, user: User | None, *, revision: int | None = None
) -> None:
    """Write one section's text; `revision` is the one the writer loaded (-1: none yet)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report.ensure_editable()
    section = report.narratives.filter(section_key=key).first()
    if section is None:
        NarrativeSection.objects.create(report=report, section_key=key, text=text, updated_by=user)
        return
    section.text = text
    section.updated_by = user
    section.expect_revision(revision)
    section.save()


@transaction.atomic
def publish(report: AnnualReport, user: User | None, today: datetime.date) -> AnnualReport:
    """Freeze the figures as gathered now, and store the PDF and Word files made from them."""
    report = AnnualReport.objects.select_for_update().select_related("board").get(pk=report.pk)
    report.ensure_editable()
    figures = gather_report(report, today)
    report.figures = figures
    report.status = ReportStatus.PUBLISHED
    report.published_by = user
    report.published_at = timezone.now()
    for field, export in (
        (report.pdf, pdf_export(report, figures)),
        (report.docx, docx_export(report, figures)),
    ):
        field.save(export.filename, ContentFile(export.content), save=False)
    report._publishing = True  # type: ignore[attr-defined]
    try:
        report.save()
    finally:
        report._publishing = False  # type: ignore[attr-defined]
    return report


@transaction.atomic
def new_version(report: AnnualReport, user: User | None) -> AnnualReport:
    """A fresh draft for corrections, starting from the published version's narrative."""
    if not report.is_published:
        raise ReportError("This version is still a draft: edit it instead.")
    if AnnualReport.objects.filter(
        board=report.board, year=report.year, status=ReportStatus.DRAFT
    ).exists():
        raise ReportError(f"A draft of the {report.year} report is already being written.")
    latest = AnnualReport.objects.filter(board=report.board, year=report.year).aggregate(
        v=Max("version")
    )["v"]
    draft = AnnualReport.objects.create(
        board=report.board, year=report.year, version=latest + 1, created_by=user
    )
    for n in report.narratives.all():  # one by one, so the audit log records each
        NarrativeSection.objects.create(
            report=draft, section_key=n.section_key, text=n.text, updated_by=user
        )
    return draft


__all__ = [
    "ReportError",
    "ReportFrozen",
    "new_version",
    "publish",
    "save_narrative",
    "start_report",
]
