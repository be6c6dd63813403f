"""Files for upload tests: zip bombs built in memory, and real Office files to pass."""

import io
import zipfile

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'


def bomb_xlsx(unpacked_mb: int = 16) -> bytes:
    """An XLSX-shaped zip whose one sheet is `unpacked_mb` MB of the same row: a few KB packed."""
    row = b"<row><c><v>1</v></c></row>"
    sheet = row * (unpacked_mb * 1024 * 1024 // len(row) + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def many_members_zip(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(count - 1):
            archive.writestr(f"xl/part{n}.xml", b"<x/>")
    return buffer.getvalue()


def real_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Indicator", "Value"])
    book.active.append(["Referrals", 120])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def real_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Minutes of the QA sub-group")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
