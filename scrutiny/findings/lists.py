"""A board's findings list: every finding from every source, filtered from the address, and
the board home's count of areas for improvement that raised no action."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.http import HttpRequest
from django.urls import reverse

from scrutiny.access.views import may_open_paths
from scrutiny.actions.models import Action
from scrutiny.pages.home import HomeCount
from scrutiny.plan.links import private_sources
from scrutiny.tenancy.models import Board

from .models import Finding, FindingKind
from .source_pages import FindingRow

FILTERS = ("kind", "theme", "source", "without_actions")


def without_actions(findings: QuerySet[Finding], board: Board) -> QuerySet[Finding]:
    """The findings that raised no action the board sees (the tracker's own link)."""
    raised = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Finding),
        source_id=OuterRef("pk"),
        boards=board,
    )
    return findings.exclude(Exists(raised))


def visible_findings(request: HttpRequest, board: Board) -> QuerySet[Finding]:
    """The board's findings the person may read: every board member reads them, but not
    those of records they may not open (an audit, to an agency lead off its team), as each
    such source's app says (`plan.links.private_sources`)."""
    findings = Finding.objects.filter(board=board)
    for model, visible_records in private_sources().items():
        hidden = Q(source_type=ContentType.objects.get_for_model(model)) & ~Q(
            source_id__in=visible_records(request, board).values("pk")
        )
        findings = findings.exclude(hidden)
    return findings


def source_kinds(findings: QuerySet[Finding]) -> dict[str, list[int]]:
    """The kinds of source these findings come from, each label with its content types (a
    learning review's findings sit on reviews and on recommendations), by label; one query."""
    kinds: dict[str, list[int]] = {}
    for source_type in ContentType.objects.filter(
        pk__in=findings.order_by().values("source_type")
    ).order_by("pk"):
        label = Finding(source_type=source_type).source_kind_label
        kinds.setdefault(label, []).append(source_type.pk)
    return dict(sorted(kinds.items()))


def filtered(
    findings: QuerySet[Finding],
    board: Board,
    filters: Mapping[str, str],
    kinds: Mapping[str, list[int]],
) -> QuerySet[Finding]:
    """The findings the address's filter selects: `kind` (strength, improvement), `theme`
    (a theme's id), `source` (a source kind's label, from `kinds`), `without_actions` (1)."""
    if filters.get("kind") in FindingKind.values:
        findings = findings.filter(kind=filters["kind"])
    if (theme := filters.get("theme", "")).isdigit():
        findings = findings.filter(theme_id=int(theme))
    if filters.get("source") in kinds:
        findings = findings.filter(source_type_id__in=kinds[filters["source"]])
    if filters.get("without_actions") == "1":
        findings = without_actions(findings, board)
    return findings


def read_sources(findings: list[Finding], board: Board) -> None:
    """Read the board's findings' sources, one query per kind of source, each finding and
    each source on the board knowing `board`, so their links (`Finding.source_url`) read no
    board again, and each source its own `finding_link_related` (an indicator value's
    indicator), one query per kind."""
    for finding in findings:
        if finding.board_id == board.pk:
            finding.board = board
    prefetch_related_objects(findings, "source")
    by_model: dict[type, list] = {}
    for finding in findings:
        source = finding.source
        if source is None:
            continue
        by_model.setdefault(type(source), []).append(source)
        board_field = getattr(type(source), "board", None)
        if isinstance(board_field, ForwardManyToOneDescriptor) and source.board_id == board.pk:
            source.board = board
    for model, sources in by_model.items():
        related = getattr(model, "finding_link_related", ())
        if related:
            prefetch_related_objects(sources, *related)


def name_sources(rows: list[FindingRow], user: Any, board: Board) -> None:
    """Name each row's kind of source and link to the source's page where the person may
    open it (its page's own permission; read once per kind of source, as every record of one
    model links to the same view). The findings' sources read first (`read_sources`)."""
    labels: dict[int, str] = {}
    for row in rows:
        type_id = row.finding.source_type_id
        if type_id not in labels:
            labels[type_id] = row.finding.source_kind_label
        row.source_label = labels[type_id]
    linked = [(row, url) for row in rows if (url := row.finding.source_url)]
    opens = may_open_paths(user, board, [(row.finding.source_type_id, url) for row, url in linked])
    for (row, url), may_open in zip(linked, opens, strict=True):
        if may_open:
            row.source_link = url


def improvements_without_actions(board: Board, today: datetime.date) -> list[HomeCount]:
    """The board home's count (one query): areas for improvement that raised no action,
    linking to the findings list filtered to exactly those."""
    n = without_actions(
        Finding.objects.filter(board=board, kind=FindingKind.AREA_FOR_IMPROVEMENT), board
    ).count()
    href = reverse("findings:list", args=[board.slug]) + "?kind=improvement&without_actions=1"
    return [HomeCount("areas for improvement without an action", n, href, alert=n > 0)]
