"""Turn a page of audit entries' raw changes into readable rows.

django-auditlog stores each change as strings: foreign keys as primary keys, choices as
their stored values. Here foreign keys are looked up in one query per related model for the
whole page (so the page's query count does not grow with its length), with the records
their names read (a board agency's agency and board: every required foreign key, joined), and
choices shown by their labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from .models import AuditEntry

HIDDEN_FIELDS = {"id", "revision"}  # revision: the edit guard's counter, not content
EMPTY = {"None", ""}


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str
    new: str


def changes_list(entry: AuditEntry, rows: list[ChangeRow]) -> SafeString:
    """The audit log's list of one entry's changes ("" if none), built once here rather than
    by a template loop per change: a new record's values, else each old value → new."""
    if not rows:
        return SafeString("")
    if entry.action == AuditEntry.Action.CREATE:
        items = format_html_join(
            "",
            '<li><span class="govuk-!-font-weight-bold">{}</span>: {}</li>',
            ((capfirst(row.label), row.new) for row in rows),
        )
    else:
        items = format_html_join(
            "",
            '<li><span class="govuk-!-font-weight-bold">{}</span>: {} <span aria-hidden="true">'
            '→</span><span class="govuk-visually-hidden"> changed to</span> {}</li>',
            ((capfirst(row.label), row.old, row.new) for row in rows),
        )
    return format_html('<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{}</ul>', items)


def _field(entry: AuditEntry, name: str) -> models.Field | None:
    model = entry.content_type.model_class()
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _is_reverse_relation(entry: AuditEntry, name: str) -> bool:
    """django-auditlog records a new record's reverse relations ("Narratives:
    reports.NarrativeSection.None"); they are other records' changes, not this one's."""
    model = entry.content_type.model_class()
    if model is None:
        return False
    try:
        return isinstance(model._meta.get_field(name), models.ForeignObjectRel)
    except FieldDoesNotExist:
        return False


def _is_foreign_key(field: models.Field | None) -> bool:
    # A generic foreign key is many-to-one too, but has no single related model to look up.
    return isinstance(field, models.ForeignKey)


def describe_changes(entries: Sequence[AuditEntry]) -> dict[int, list[ChangeRow]]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            field = _field(entry, name)
            if _is_foreign_key(field) and isinstance(values, list):
                wanted[field.related_model].update(v for v in values if v not in EMPTY)  # type: ignore[index]
    names = {
        (model, str(obj.pk)): str(obj)
        for model, pks in wanted.items()
        for obj in model._default_manager.filter(pk__in=pks).select_related()
    }

    def show(field: models.Field | None, value: object) -> str:
        if value is None or str(value) in EMPTY:
            return "(empty)"
        text = str(value)
        if _is_foreign_key(field):
            return names.get((field.related_model, text), f"deleted ({text})")  # type: ignore[arg-type]
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(text, text))
        return text

    described: dict[int, list[ChangeRow]] = {}
    for entry in entries:
        rows = []
        for name, values in (entry.changes or {}).items():
            if name in HIDDEN_FIELDS or not (isinstance(values, list) and len(values) == 2):
                continue
            if _is_reverse_relation(entry, name):
                continue
            field = _field(entry, name)
            label = str(field.verbose_name) if field is not None else name.replace("_", " ")
            rows.append(ChangeRow(label, show(field, values[0]), show(field, values[1])))
        described[entry.pk] = rows
    return described
