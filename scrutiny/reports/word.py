"""The Word versions of the annual report and the board pack, built with python-docx."""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Cm


def add_table(document: Any, caption: str, header: list[str], rows: list[list[Any]]) -> None:
    document.add_paragraph(caption, style="Caption")
    if not rows:
        document.add_paragraph("None.")
        return
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "" if value is None else str(value)


def add_section(document: Any, section: Any) -> None:
    """One report section: key figures, charts (with their values as text), tables, narrative."""
    data = section.data
    document.add_heading(f"{section.number}. {section.title}", level=1)
    if section.narrative:
        for paragraph in section.narrative.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    elif section.narrative_only:
        document.add_paragraph("No text has been written for this section.")
    for note in data.get("notes", []):
        document.add_paragraph(note)
    if data.get("summary"):
        add_table(document, "Key figures", ["Measure", "Figure"], data["summary"])
    for chart in section.charts:
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        document.add_paragraph(chart.alt, style="Caption")
    for table in data.get("tables", []):
        add_table(document, table["caption"], table["header"], table["rows"])


def build_annual_report(document: Any, context: dict[str, Any]) -> None:
    report = context["report"]
    document.add_heading(f"{report.board.name}: annual report {report.year}", level=0)
    status = "Published" if report.is_published else "Draft"
    document.add_paragraph(
        f"{status}, version {report.version}. Figures as at {context['as_of']}, "
        "taken from the board's records in Scrutiny."
    )
    for section in context["sections"]:
        add_section(document, section)


def build_board_pack(document: Any, pack: Any) -> None:
    document.add_heading(f"{pack.board.name}: board pack {pack.quarter.label}", level=0)
    document.add_paragraph(f"Exceptions as at {pack.as_of:%-d %B %Y}.")
    for heading, header, rows in pack.tables():
        document.add_heading(heading, level=1)
        add_table(document, heading, header, rows)
