"""The draft annual report and the quarterly board pack as PDF or Word, built by a job: a
PDF takes seconds to render, too long for a request. The page's button starts the job and
goes to its page, which shows the progress and then offers the file under the name the
report already uses. (A published report's files were stored when it was published and are
served as they are, never rebuilt.)"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from scrutiny.core.exporters import DOCX, PDF, Export, docx, pdf, safe_filename
from scrutiny.jobs.models import Job
from scrutiny.jobs.registry import JobResult, Progress, register
from scrutiny.jobs.services import start_job

from .boardpack import board_pack, parse_quarter
from .models import AnnualReport
from .render import PDF_OPTIONS, docx_export, filename, pdf_export, report_figures

if TYPE_CHECKING:
    from scrutiny.people.models import User
    from scrutiny.tenancy.models import Board

REPORT_FILE = "reports.annual_report_file"
BOARD_PACK_FILE = "reports.board_pack_file"
FORMATS = {"pdf": "PDF", "docx": "Word"}


def start_report_file(report: AnnualReport, export_format: str, *, user: User) -> Job:
    """Build a report version's PDF or Word in the background. The params carry when its
    narrative last changed, so asking again after an edit builds afresh rather than reusing
    the file made before it."""
    edited = report.narratives.aggregate(last=Max("updated_at"))["last"]
    return start_job(
        REPORT_FILE,
        user=user,
        board=report.board,
        params={
            "report": report.pk,
            "format": export_format,
            "edited": edited.isoformat() if edited else "",
        },
        reuse_recent=True,
    )


def start_board_pack_file(
    board: Board, quarter_label: str, export_format: str, *, user: User
) -> Job:
    """Build a quarter's board pack as PDF or Word in the background, as at today."""
    return start_job(
        BOARD_PACK_FILE,
        user=user,
        board=board,
        params={
            "quarter": quarter_label,
            "format": export_format,
            "today": timezone.localdate().isoformat(),
        },
        reuse_recent=True,
    )


def _result(export: Export, what: str) -> JobResult:
    return JobResult(
        summary=f"{what} is ready.",
        file_name=export.filename,
        file_content=export.content,
        content_type=export.content_type,
    )


def build_report_file(job: Job, progress: Progress) -> JobResult:
    report = AnnualReport.objects.select_related("board").get(
        pk=job.params["report"], board=job.board
    )
    export_format = job.params["format"]
    what = f"The {report.year} annual report (version {report.version}) as {FORMATS[export_format]}"
    if report.is_published:
        # Published since the job was asked for: the files stored at publication, unchanged.
        progress(0, 1, "Fetching the published file")
        stored = report.pdf if export_format == "pdf" else report.docx
        with stored.open("rb") as handle:
            content = handle.read()
        kind = PDF if export_format == "pdf" else DOCX
        return _result(Export(filename(report, export_format), kind, content), what)
    progress(0, 2, "Gathering the figures and charts")
    figures = report_figures(report)
    progress(1, 2, f"Writing the {FORMATS[export_format]} file")
    export = pdf_export(report, figures) if export_format == "pdf" else docx_export(report, figures)
    return _result(export, what)


def build_board_pack_file(job: Job, progress: Progress) -> JobResult:
    from .word import build_board_pack

    board = job.board
    if board is None:
        raise ValueError("A board pack job is always started for a board")
    quarter = parse_quarter(job.params["quarter"])
    export_format = job.params["format"]
    progress(0, 2, "Gathering the quarter's exceptions")
    pack = board_pack(board, quarter, datetime.date.fromisoformat(job.params["today"]))
    progress(1, 2, f"Writing the {FORMATS[export_format]} file")
    name = safe_filename(board.short_name, "board-pack", quarter.label)
    if export_format == "pdf":
        export = pdf(
            f"{name}.pdf", "reports/print/board_pack.html", {"pack": pack}, None, **PDF_OPTIONS
        )
    else:
        export = docx(f"{name}.docx", lambda d: build_board_pack(d, pack))
    return _result(export, f"The board pack for {quarter.label} as {FORMATS[export_format]}")


def register_jobs() -> None:
    register(REPORT_FILE, "Annual report file", build_report_file)
    register(BOARD_PACK_FILE, "Board pack file", build_board_pack_file)
