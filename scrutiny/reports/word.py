"""The Word versions of the yearly report and the board pack, built with python-docx, to the
same document standard as the PDF: A4, the document's own heading styles (so Word's
navigation pane and contents work), a contents field, a header and a footer with page
numbers, table header rows repeated across pages, charts with alternative text, and the core
properties set (title, author = the board, created = the publication date)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Arial"  # the PDF's Liberation Sans has the same metrics


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC ...) Word works out when it shows the document."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def setup(document: Any, *, title: str, author: str, created: datetime.datetime | None) -> None:
    """A4 portrait, one font, header and footer with page numbers, core properties."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(22)
        section.different_first_page_header_footer = True  # the cover has none
        header = section.header.paragraphs[0]
        header.text = title
        header.style = document.styles["Header"]
        footer = section.footer.paragraphs[0]
        footer.style = document.styles["Footer"]
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")
    for name in ["Normal", "Title", "Heading 1", "Heading 2", "Caption", "Header", "Footer"]:
        style = document.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.language = "en-GB"
    properties.comments = ""
    properties.keywords = ""
    properties.created = created or datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    properties.modified = properties.created
    # Ask Word to fill the contents and page fields when the file is opened.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def add_contents(document: Any) -> None:
    document.add_heading("Contents", level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "The contents are filled in when the document is opened in Word "
        "(or right-click and choose Update field).",
    )


def add_table(
    document: Any, caption: str, header: list[str], rows: list[list[Any]], empty: str = "None."
) -> None:
    document.add_paragraph(caption, style="Caption")
    if not rows:
        document.add_paragraph(empty)
        return
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    first = table.rows[0]
    marker = OxmlElement("w:tblHeader")  # repeat this row at the top of every page
    marker.set(qn("w:val"), "true")
    first._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(first.cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "" if value is None else str(value)


def add_chart(document: Any, png: bytes, alt: str, title: str) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(16))
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)  # the alternative text screen readers read
    inline.docPr.set("title", title)
    document.add_paragraph(title, style="Caption")


def add_section(document: Any, section: Any) -> None:
    """One chapter: its text, notes, key figures, charts (with alt text) and tables."""
    data = section.data
    heading = document.add_heading(f"{section.number}. {section.title}", level=1)
    heading.paragraph_format.page_break_before = True
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
        add_chart(document, chart.png, chart.alt, chart.title)
    for table in data.get("tables", []):
        add_table(
            document,
            table["caption"],
            table["header"],
            table["rows"],
            table.get("empty", "None."),
        )


def _cover(document: Any, lines: list[str], logo: bytes | None, board_name: str) -> None:
    if logo:
        document.add_picture(io.BytesIO(logo), height=Cm(3))
        inline = document.inline_shapes[-1]._inline
        inline.docPr.set("descr", f"{board_name} logo")
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        document.add_paragraph(line)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def build_annual_report(document: Any, context: dict[str, Any]) -> None:
    report = context["report"]
    published = report.published_at
    setup(
        document,
        title=context["title"],
        author=report.board.name,
        created=published.replace(tzinfo=None) if published else None,
    )
    status = f"Published {published:%-d %B %Y}" if report.is_published and published else "Draft"
    lines = [
        report.board.name,
        f"Annual report {report.year}",
        f"Version {report.version} · {status}",
        f"Figures as at {context['as_of']}, from the board's records. "
        f"Structure: {context['structure_title']}.",
    ]
    if context["approvals"]:
        lines.append("Approved by: " + "; ".join(context["approvals"]) + ".")
    _cover(document, lines, context.get("logo_bytes"), report.board.name)
    add_contents(document)
    for section in context["sections"]:
        add_section(document, section)


def build_board_pack(document: Any, pack: Any) -> None:
    title = f"{pack.board.name}: board pack {pack.quarter.label}"
    setup(document, title=title, author=pack.board.name, created=None)
    _cover(
        document,
        [
            pack.board.name,
            f"Board pack {pack.quarter.label}",
            f"Exceptions as at {pack.as_of:%-d %B %Y}: {pack.exceptions} in all.",
        ],
        None,
        pack.board.name,
    )
    add_contents(document)
    for heading, header, rows in pack.tables():
        document.add_heading(f"{heading} ({len(rows)})", level=1)
        add_table(document, heading, header, rows)
