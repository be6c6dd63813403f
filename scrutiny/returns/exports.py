"""Exports of returns: one return, and the board's Section 11 summary, as XLSX or PDF."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from scrutiny.core.exporters import Export, Sheet, csv_export, pdf, safe_filename, xlsx
from scrutiny.library.models import FrameworkTemplate, TemplateSection
from scrutiny.tenancy.models import Board

from .comparison import Row
from .completeness import request_status
from .models import AgencyReturn


def _answer_text(answer) -> str:
    if answer is None or answer.is_empty:
        return ""
    if answer.level is not None:
        return answer.level.label
    if answer.yes_no is not None:
        return "Yes" if answer.yes_no else "No"
    if answer.number is not None:
        return str(answer.number.normalize())
    if answer.date is not None:
        return answer.date.isoformat()
    return answer.text


def agency_return(ar: AgencyReturn, sections, export_format: str, board: Board) -> Export:
    name = safe_filename(ar.agency.name, ar.title, ar.period_label)
    if export_format == "xlsx":
        rows = []
        for section, pairs in sections:
            for question, answer in pairs:
                rows.append(
                    [
                        section.title,
                        question.number,
                        question.text,
                        _answer_text(answer),
                        answer.text if answer is not None and answer.level is not None else "",
                        answer.action_text if answer is not None else "",
                        answer.action_due if answer is not None else None,
                    ]
                )
        header = [
            "Section",
            "No.",
            "Question",
            "Answer",
            "Evidence and comments",
            "Planned improvement",
            "Due",
        ]
        return xlsx(f"{name}.xlsx", [Sheet(ar.title, header, rows)])
    if export_format == "pdf":
        return pdf(
            f"{name}.pdf",
            "returns/print/return.html",
            {"ar": ar, "sections": sections, "board": board, "printed": timezone.now()},
        )
    raise Http404("Unknown format")


def section_11_summary(
    board: Board,
    template: FrameworkTemplate,
    period: str,
    sections: list[TemplateSection],
    rows: list[Row],
    export_format: str,
) -> Export:
    name = safe_filename(board.short_name, "section-11-summary", period)
    if export_format == "xlsx":
        header = ["Agency", *[s.title for s in sections], "Overall", "Inspection disagrees on"]
        data = [
            [
                row.agency.name,
                *[round(c.score) if c.score is not None else None for c in row.cells],
                round(row.overall) if row.overall is not None else None,
                "; ".join(str(c.flag.section) for c in row.cells if c.flag),
            ]
            for row in rows
        ]
        return xlsx(f"{name}.xlsx", [Sheet(f"Section 11 {period}", header, data)])
    return pdf(
        f"{name}.pdf",
        "returns/print/section_11.html",
        {
            "board": board,
            "template": template,
            "period": period,
            "sections": sections,
            "rows": rows,
            "printed": timezone.now(),
        },
    )


def return_list(board: Board, requests, today, export_format: str):
    """The board's list of returns as filtered (every row, not one page), as CSV or XLSX."""
    header = ["Agency", "Return", "Period", "Due", "Received", "Status"]
    rows = []
    for r in requests:
        ar = r.agency_return
        received = ar.first_submitted_at.date() if ar.first_submitted_at else ""
        rows.append(
            [
                ar.agency.name,
                ar.title,
                ar.period_label,
                r.due_date,
                received,
                request_status(r, today)[0],
            ]
        )
    sheet = Sheet("Returns", header, rows)
    name = safe_filename(board.short_name, "returns")
    export = (
        csv_export(f"{name}.csv", sheet)
        if export_format == "csv"
        else xlsx(f"{name}.xlsx", [sheet])
    )
    return export.as_response()
