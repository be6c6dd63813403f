"""Checks on uploaded files (return evidence, meeting papers, action evidence, library
documents): allowed types by name and by content, and a size limit."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile


class EvidenceRejected(ValueError):
    pass


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str


KINDS = {
    ".pdf": FileKind("PDF", "application/pdf"),
    ".docx": FileKind(
        "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    ".xlsx": FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": FileKind(
        "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    ".csv": FileKind("CSV", "text/csv"),
    ".txt": FileKind("text", "text/plain"),
    ".png": FileKind("PNG", "image/png"),
    ".jpg": FileKind("JPEG", "image/jpeg"),
    ".jpeg": FileKind("JPEG", "image/jpeg"),
}
ALLOWED_DESCRIPTION = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), CSV, text, PNG or JPEG"


def max_bytes() -> int:
    return settings.SCRUTINY_MAX_EVIDENCE_MB * 1024 * 1024


def _content_matches(extension: str, head: bytes, data: bytes) -> bool:
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".docx", ".xlsx", ".pptx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "[Content_Types].xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    # .csv and .txt: plain UTF-8 text with no NUL bytes
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def check_evidence(upload: UploadedFile) -> tuple[FileKind, bytes]:
    """The file's kind and contents, or EvidenceRejected saying what is wrong and what to do."""
    name = upload.name or "The file"
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    kind = KINDS.get(extension)
    if kind is None:
        raise EvidenceRejected(
            f"{name} is not a type we accept. Upload {ALLOWED_DESCRIPTION} files."
        )
    if upload.size is not None and upload.size > max_bytes():
        size_mb = upload.size / (1024 * 1024)
        raise EvidenceRejected(
            f"{name} is {size_mb:.1f} MB; the limit is {settings.SCRUTINY_MAX_EVIDENCE_MB} MB."
        )
    data = upload.read()
    if not data:
        raise EvidenceRejected(f"{name} is empty.")
    if not _content_matches(extension, data[:16], data):
        raise EvidenceRejected(
            f"{name} does not look like a {kind.label} file: its contents do not match its name."
        )
    return kind, data


def store_checked(record: Any, upload: UploadedFile, *, name: str) -> None:
    """Check an upload and put it on an unsaved file record: original name, content type,
    size, SHA-256 and the file itself (EvidenceRejected if unfit). The caller saves it."""
    kind, data = check_evidence(upload)
    record.original_name = name
    record.content_type = kind.content_type
    record.size = len(data)
    record.sha256 = hashlib.sha256(data).hexdigest()
    # The sha256 is set first: storage paths are built from it.
    record.file.save(name, ContentFile(data), save=False)
