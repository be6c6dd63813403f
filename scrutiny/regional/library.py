"""The regional library: upload checks, text for search, and full-text search on any database.

On PostgreSQL the search uses its full-text search (stemmed English, ranked) on the vector the
database stores with each resource (`Resource.search_vector`, GIN-indexed); elsewhere a
portable fallback finds resources containing every word of the query in the title,
description or document text. Both paths take the same query and return the same shape.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from pypdf.errors import PyPdfError

from scrutiny.core.rows import html
from scrutiny.core.uploads import check_archive, check_evidence
from scrutiny.library.models import TemplateQuestion
from scrutiny.tenancy.models import Board, Region

from .models import SEARCH_CONFIG, Resource, ResourceStatus

MAX_TEXT = 200_000  # characters of a document kept for search


def _bounded(pieces: Iterable[str], separator: str) -> str:
    """Join pieces of text, stopping once MAX_TEXT characters are reached: a huge document
    is read no further than the part that is kept."""
    kept: list[str] = []
    length = 0
    for piece in pieces:
        kept.append(piece)
        length += len(piece) + len(separator)
        if length >= MAX_TEXT:
            break
    return separator.join(kept)[:MAX_TEXT]


def extract_text(name: str, data: bytes) -> str:
    """The readable text of an upload: text, CSV, PDF, Word and Excel; else empty. A Word or
    Excel file is checked for a zip bomb first (UploadRejected), whoever calls this, so a
    stored file re-read for search is held to the same limits as a new upload."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("docx", "xlsx"):
        check_archive(name, data)
    try:
        if extension in ("txt", "csv"):
            return data[: MAX_TEXT * 4].decode("utf-8", errors="ignore")[:MAX_TEXT]
        if extension == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return _bounded((page.extract_text() or "" for page in reader.pages), "\n")
        if extension == "docx":
            from docx import Document

            document = Document(io.BytesIO(data))
            return _bounded((p.text for p in document.paragraphs), "\n")
        if extension == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                cells = (
                    str(c)
                    for ws in book.worksheets
                    for row in ws.iter_rows(values_only=True)
                    for c in row
                    if c is not None
                )
                return _bounded(cells, " ")
            finally:
                book.close()
    except (ValueError, KeyError, zipfile.BadZipFile, OSError, PyPdfError):
        return ""  # searchable by title and description only
    return ""  # images: no text to read


def check_upload(upload: UploadedFile) -> tuple[str, bytes, str]:
    """(content type, bytes, text) of an upload, or EvidenceRejected from the returns checks."""
    kind, data = check_evidence(upload)
    return kind.content_type, data, extract_text(upload.name or "", data)


def visible_resources(board: Board) -> QuerySet[Resource]:
    """Published resources of the board's region, and the board's own contributions."""
    return Resource.objects.filter(
        Q(status=ResourceStatus.PUBLISHED) | Q(contributed_by_board=board),
        region_id=board.region_id,
    )


def search(resources: QuerySet[Resource], query: str, *, vendor: str | None = None):
    """Resources matching the query, best first. `vendor` forces a path (for tests)."""
    query = query.strip()
    if not query:
        return resources
    if (vendor or connection.vendor) == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        # The stored vector (Resource.search_vector, GIN-indexed): match (@@) every word
        # through the index, then rank the matches; ts_rank alone is above zero for
        # partial matches.
        return (
            resources.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "title")
        )
    condition = Q()
    for word in re.findall(r"\w+", query.lower()):
        condition &= (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(extracted_text__icontains=word)
        )
    return resources.filter(condition)


def with_theme(resources, theme: str, *, vendor: str | None = None):
    """Resources tagged with the theme (all of them if none is given). On PostgreSQL in the
    query (JSON containment); SQLite has no containment on JSON, so there the resources are
    read and filtered here, as a list. `vendor` forces a path (for tests)."""
    if not theme:
        return resources
    if (vendor or connection.vendor) == "postgresql":
        return resources.filter(themes__contains=[theme])
    return [r for r in resources if theme in r.themes]


def resources_for_criterion(region: Region, question: TemplateQuestion) -> list[Resource]:
    return list(
        Resource.objects.filter(
            region=region, status=ResourceStatus.PUBLISHED, criteria=question
        ).select_related("contributed_by_board")
    )


def result_items(resources: Iterable[Resource], link: Callable[[int], str]) -> SafeString:
    """The library's results as its list shows them, each an item with its link (`link`: a
    resource's address by id), its status unless published, the start of its description
    (its first 30 words, as `truncatewords:30`) and the board that contributed it; "Nothing
    found." for none. Drawn in one pass, not template lookups per resource."""
    items = []
    for r in resources:
        status = ""
        if r.status != ResourceStatus.PUBLISHED:
            label = html(r.get_status_display())
            status = f' <strong class="govuk-tag govuk-tag--grey">{label}</strong>'
        board = r.contributed_by_board
        contributor = f" – {html(board.short_name)}" if board else ""
        description = html(Truncator(r.description).words(30, truncate=" …"))
        items.append(
            '<li class="govuk-!-margin-bottom-4"><a class="govuk-link govuk-!-font-weight-bold"'
            f' href="{html(link(r.pk))}">{html(r.title)}</a>{status}<br>'
            f'<span class="govuk-body-s">{description}{contributor}</span></li>\n  '
        )
    return SafeString("".join(items) or "<li>Nothing found.</li>")
