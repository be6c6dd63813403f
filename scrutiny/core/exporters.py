"""One way to export: an Export is (filename, content type, bytes), made by a render function.

Spreadsheets are written with openpyxl in write-only mode, with text that a spreadsheet
would run as a formula made inert. PDFs are rendered from Django templates by WeasyPrint.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes

    def as_response(self) -> HttpResponse:
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def safe_filename(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts)).strip("-").lower()


def inert(value: Any) -> Any:
    """Text beginning like a formula gets a leading apostrophe so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def csv_export(filename: str, sheet: Sheet) -> Export:
    """UTF-8 CSV (with a byte-order mark, so Excel reads it as UTF-8), formula-guarded."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow(["" if v is None else inert(v) for v in row])
    return Export(filename, "text/csv; charset=utf-8", ("\ufeff" + buffer.getvalue()).encode())


def xlsx(filename: str, sheets: Iterable[Sheet]) -> Export:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        header = []
        for name in sheet.header:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([inert(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Export(filename, XLSX, buffer.getvalue())


def pdf(
    filename: str,
    template_name: str,
    context: dict[str, Any],
    request: HttpRequest | None = None,
    **options: Any,
) -> Export:
    """`options` go to WeasyPrint's write_pdf, e.g. pdf_variant="pdf/ua-1" for a tagged PDF."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return Export(filename, PDF, HTML(string=html).write_pdf(**options))


def docx(filename: str, build: Callable[[Any], None]) -> Export:
    """A Word document: `build` receives a python-docx Document and adds the content."""
    from docx import Document

    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return Export(filename, DOCX, buffer.getvalue())
