"""A board's findings list: every finding from every source, filtered from the address, and
the board home's count of areas for improvement that raised no action."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    Exists,
    Field,
    ForeignKey,
    Model,
    OuterRef,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.http import HttpRequest
from django.urls import reverse

from scrutiny.access.views import may_open_paths
from scrutiny.actions.models import Action
from scrutiny.pages.home import HomeCount
from scrutiny.plan.links import private_sources, sees_every_private_source
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


def readers_key(user: Any, board: Board) -> str:
    """Who besides the holders of this person's grants (which a kept list is keyed on
    already: `audit.versions.kept_drawing`) may read the same findings on the board: all of
    them, unless a private source shows this person only its records they are part of (an
    agency lead off an audit's team): then they alone."""
    return "all" if sees_every_private_source(user, board) else f"person:{user.pk}"


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
    """Read the findings' sources for their links (`Finding.source_url`): one query for every
    kind of source (a union of each kind's records by id), reading of each only the columns
    its link may use (its id and its foreign keys; the rest deferred), then each kind's own
    `finding_link_related` (an indicator value's indicator), one query per kind with one.
    Each finding, and each source on the board, knows `board`, so no link reads it again; a
    finding whose source is gone knows it has none."""
    for finding in findings:
        if finding.board_id == board.pk:
            finding.board = board
    ids: dict[int, set[int]] = {}
    for finding in findings:
        ids.setdefault(finding.source_type_id, set()).add(finding.source_id)
    models = {
        type_id: model
        for type_id in ids
        if (model := ContentType.objects.get_for_id(type_id).model_class()) is not None
    }
    columns = {type_id: _link_columns(model) for type_id, model in models.items()}
    sources: dict[tuple[int, int], Any] = {}
    for type_id, *values in _union_rows(models, columns, ids):
        fields = columns[type_id]
        source: Any = models[type_id].from_db(
            connection.alias,
            [field.attname for field in fields],
            [field.to_python(value) for field, value in zip(fields, values, strict=False)],
        )
        if _has_board(type(source)) and source.board_id == board.pk:
            source.board = board
        sources[type_id, source.pk] = source
    gfk = Finding._meta.get_field("source")
    by_model: dict[type, list] = {}
    for finding in findings:
        found = sources.get((finding.source_type_id, finding.source_id))
        gfk.set_cached_value(finding, found)
        if found is not None:
            by_model.setdefault(type(found), []).append(found)
    for model, kind_sources in by_model.items():
        related = getattr(model, "finding_link_related", ())
        if related:
            prefetch_related_objects(kind_sources, *related)


def _union_rows(
    models: dict[int, type[Model]], columns: dict[int, list[Field]], ids: dict[int, set[int]]
) -> list[tuple]:
    """Each kind's records by id, one row each: its content type's id, then its `columns` as
    text (padded with nulls to the widest kind), all kinds in one query (a union, written
    out: built with the ORM it cost more than the queries it saves)."""
    if not models:
        return []
    quote = connection.ops.quote_name
    width = max(len(fields) for fields in columns.values())
    selects, params = [], []
    for type_id, model in models.items():
        values = [f"CAST({quote(field.column)} AS text)" for field in columns[type_id]]
        values += ["NULL"] * (width - len(values))
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        listed = ", ".join(["%s"] * len(ids[type_id]))
        # names quoted from the models, every value a parameter
        select = f"SELECT %s, {', '.join(values)} FROM {table} WHERE {pk} IN ({listed})"  # noqa: S608
        selects.append(select)
        params += [type_id, *ids[type_id]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return cursor.fetchall()


def _link_columns(model: type[Model]) -> list[Field]:
    """The columns of a source its link may use, in the model's order: its id and its
    foreign keys (to its board, to the record whose page it sits on); those of its own table
    (a proxy's, its model's)."""
    return [
        field
        for field in model._meta.concrete_model._meta.local_concrete_fields  # type: ignore[union-attr]
        if field.primary_key or isinstance(field, ForeignKey)
    ]


def _has_board(model: type[Model]) -> bool:
    return isinstance(getattr(model, "board", None), ForwardManyToOneDescriptor)


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
    opens = may_open_paths(user, board, [(type(row.finding.source), url) for row, url in linked])
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
