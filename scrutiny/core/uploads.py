"""Checks on uploaded files (return evidence, meeting papers, action evidence, library
documents, data-set and statutory imports): allowed types by name and by content, size
limits checked before the body is read, and zip-based files (XLSX, DOCX, PPTX) checked for
bombs before any parser opens them. Every limit comes from settings."""

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


# Any refused upload, evidence or import: the message names the file, the limit and the reason.
UploadRejected = EvidenceRejected

ZIP_EXTENSIONS = (".xlsx", ".docx", ".pptx", ".zip")


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


def describe_bytes(count: float) -> str:
    """A size as people read it: "10 MB", "1.5 MB", "512 KB"; "1.0 MB" for just over 1 MB,
    so that a file refused for being over the limit never reads as equal to it."""
    mib = 1024 * 1024
    if count >= mib:
        return f"{count // mib} MB" if count % mib == 0 else f"{count / mib:.1f} MB"
    return f"{count / 1024:.0f} KB"


def check_size(upload: UploadedFile, limit_mb: float, *, name: str | None = None) -> None:
    """Refuse an upload over `limit_mb` megabytes from its declared size, before its body is
    read into memory (Django has already spooled a large one to a temporary file)."""
    name = name or upload.name or "The file"
    limit = int(limit_mb * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise UploadRejected(
            f"{name} is {describe_bytes(upload.size)}; the limit is {describe_bytes(limit)}."
        )


def read_limited(upload: UploadedFile, limit_mb: float, *, name: str | None = None) -> bytes:
    """The upload's bytes, refused if over the limit (checked first by declared size, then
    by reading at most one byte past the limit, so a lying size cannot exhaust memory).
    A limit set in KB is passed as KB / 1024."""
    name = name or upload.name or "The file"
    check_size(upload, limit_mb, name=name)
    limit = int(limit_mb * 1024 * 1024)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(f"{name} is larger than the limit of {describe_bytes(limit)}.")
    return data


def check_archive(name: str, data: bytes) -> None:
    """Refuse a zip-based file (XLSX, DOCX, PPTX) that would unpack into far more than it
    weighs, before any parser opens it. Limits: SCRUTINY_MAX_ARCHIVE_MEMBERS files,
    SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB in all, and a compression ratio of at most
    SCRUTINY_MAX_ARCHIVE_RATIO. The sizes are read from the archive's directory; a member
    that lies about its size fails zipfile's own check when it is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRejected(f"{name} is not a readable zip-based file ({exc}).") from exc
    max_members = settings.SCRUTINY_MAX_ARCHIVE_MEMBERS
    if len(members) > max_members:
        raise UploadRejected(
            f"{name} holds {len(members):,} files inside it; the limit is {max_members:,}."
        )
    total = sum(member.file_size for member in members)
    max_total = settings.SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB * 1024 * 1024
    if total > max_total:
        raise UploadRejected(
            f"{name} unpacks to {total / (1024 * 1024):.0f} MB; the limit is "
            f"{settings.SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB} MB."
        )
    compressed = max(1, sum(member.compress_size for member in members))
    ratio = total / compressed
    # Small archives are exempt from the ratio: a tiny file compresses well and harms nobody.
    if total > 1024 * 1024 and ratio > settings.SCRUTINY_MAX_ARCHIVE_RATIO:
        raise UploadRejected(
            f"{name} is compressed {ratio:.0f} to 1, which only a zip bomb needs; the limit "
            f"is {settings.SCRUTINY_MAX_ARCHIVE_RATIO} to 1."
        )


def _content_matches(name: str, extension: str, head: bytes, data: bytes) -> bool:
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".docx", ".xlsx", ".pptx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "[Content_Types].xml" not in archive.namelist():
                    return False
        except zipfile.BadZipFile:
            return False
        check_archive(name, data)
        return True
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
    data = read_limited(upload, settings.SCRUTINY_MAX_EVIDENCE_MB, name=name)
    if not data:
        raise EvidenceRejected(f"{name} is empty.")
    if not _content_matches(name, extension, data[:16], data):
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
