"""The regional report as a spreadsheet, built by a job (it reads every board of the region):
the page that asks for it goes to the job's page, which offers the file when it is ready."""

from __future__ import annotations

from decimal import Decimal

from scrutiny.core.exporters import Sheet, safe_filename, xlsx
from scrutiny.jobs.models import Job
from scrutiny.jobs.registry import JobResult, Progress, register
from scrutiny.tenancy.models import Region

from .report import Cell, Line, regional_report

EXPORT = "regional.report_xlsx"


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float | int) else None


def _sheet(
    title: str, first: str, boards, lines: list[Line], *, cell=lambda c: _number(c.value)
) -> Sheet:
    header = [first, *[b.short_name for b in boards], "Mean", "Median", "Pooled", "England", "Note"]
    rows = [
        [
            line.title,
            *[cell(c) for c in line.cells],
            _number(line.mean),
            _number(line.median),
            _number(line.pooled),
            _number(line.england),
            line.note,
        ]
        for line in lines
    ]
    return Sheet(title, header, rows)


def _grade(c: Cell) -> str:
    return c.label


def export_report(job: Job, progress: Progress) -> JobResult:
    region = Region.objects.get(pk=job.params["region"])
    period = job.params.get("period", "")
    progress(0, 2, "Gathering every board's figures")
    report = regional_report(region, period)
    progress(1, 2, "Writing the spreadsheet")
    sheets = [
        _sheet("Self-assessment", "Criterion", report.boards, report.grades, cell=_grade),
        _sheet("Section 11", "Standard", report.boards, report.section_11),
        _sheet("Data set", "Indicator", report.boards, report.indicators),
    ]
    name = safe_filename("regional-report", region.slug, report.section_11_period) + ".xlsx"
    export = xlsx(name, sheets)
    return JobResult(
        summary=f"The regional report for {len(report.boards)} boards is ready.",
        file_name=export.filename,
        file_content=export.content,
        content_type=export.content_type,
    )


def register_jobs() -> None:
    register(EXPORT, "Regional report as a spreadsheet", export_report)
