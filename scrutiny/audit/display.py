"""Turn a page of audit entries' raw changes into readable rows.

django-auditlog stores each change as strings: foreign keys as primary keys, choices as
their stored values. Here foreign keys are looked up in one query per related model for the
whole page (so the page's query count does not grow with its length), with the records
their names read (a board agency's agency and board: every required foreign key, joined), and
choices shown by their labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from scrutiny.core.rows import html, short_date, table_row

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
    by a template loop per change: a new record's values, else each old value → new. Plain
    string joins of escaped values (`core.rows.html`), not `format_html` per change: a page
    of the log has hundreds."""
    if not rows:
        return SafeString("")
    if entry.action == AuditEntry.Action.CREATE:
        items = "".join(
            f"{_LABEL.format(html(capfirst(row.label)))}: {html(row.new)}</li>" for row in rows
        )
    else:
        items = "".join(
            f"{_LABEL.format(html(capfirst(row.label)))}: {html(row.old)} {_CHANGED_TO} "
            f"{html(row.new)}</li>"
            for row in rows
        )
    return SafeString(f'<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{items}</ul>')


_LABEL = '<li><span class="govuk-!-font-weight-bold">{}</span>'
_CHANGED_TO = (
    '<span aria-hidden="true">→</span><span class="govuk-visually-hidden"> changed to</span>'
)


@dataclass(frozen=True)
class _Shown:
    """How one model's field shows in the log (found once per page, not per change)."""

    field: models.Field | None  # None: not a field of the model (or the model is gone)
    label: str
    reverse: bool  # a reverse relation: another record's change, not shown
    choices: dict[Any, Any] | None


@dataclass(frozen=True)
class LogRow:
    """One entry as the board's audit log shows it, built here rather than by template lookups
    and filters per row."""

    when: str
    who: str
    colour: str  # the action's tag colour
    action: str
    what: str  # the kind of record and the record
    changes: SafeString

    def __str__(self) -> SafeString:  # templates turn a value into a string first: safe
        return self.__html__()

    def __html__(self) -> SafeString:
        """The row of the log's table (`core.rows.table_row`, its values escaped, its changes
        already markup): one value for the template per row, not six lookups."""
        action = SafeString(
            f'<strong class="govuk-tag govuk-tag--{html(self.colour)}">{html(self.action)}'
            f"</strong> {html(self.what)}"
        )
        return table_row(self.when, self.who, action, self.changes)


_ACTION_COLOURS = {AuditEntry.Action.CREATE: "green", AuditEntry.Action.DELETE: "red"}
_ACTION_LABELS = {value: capfirst(label) for value, label in AuditEntry.Action.choices}


def log_rows(entries: Sequence[AuditEntry], known: Iterable[models.Model] = ()) -> list[LogRow]:
    """The log's rows for a page of entries (read with their actor and kind of record);
    `known`: records the page holds already, whose names are not read again (its board), as
    the entries' actors are not."""
    actors = {entry.actor for entry in entries if entry.actor_id is not None}
    changes = describe_changes(entries, [*known, *actors])
    type_names: dict[int, str] = {}
    rows = []
    for entry in entries:
        if entry.content_type_id not in type_names:
            type_names[entry.content_type_id] = entry.content_type.name
        when = timezone.localtime(entry.timestamp)
        rows.append(
            LogRow(
                when=f"{short_date(when)} {when:%H:%M:%S}",
                who=entry.actor_label,
                colour=_ACTION_COLOURS.get(entry.action, "blue"),
                action=_ACTION_LABELS.get(entry.action, str(entry.action)),
                what=f"{type_names[entry.content_type_id]}: {entry.object_repr}",
                changes=changes_list(entry, changes[entry.pk]),
            )
        )
    return rows


def _shown(model: type[models.Model] | None, name: str) -> _Shown:
    """django-auditlog records a new record's reverse relations ("Narratives:
    reports.NarrativeSection.None"); they are other records' changes, not this one's."""
    try:
        found = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        found = None
    field = found if isinstance(found, models.Field) else None  # not a reverse relation
    return _Shown(
        field=field,
        label=str(field.verbose_name) if field is not None else name.replace("_", " "),
        reverse=isinstance(found, models.ForeignObjectRel),
        # By the stored value as text, as the log keeps it: an integer choice's 2 is "2".
        choices=(
            {str(value): label for value, label in field.flatchoices}
            if field is not None and field.choices
            else None
        ),
    )


def _is_foreign_key(field: models.Field | None) -> bool:
    # A generic foreign key is many-to-one too, but has no single related model to look up.
    return isinstance(field, models.ForeignKey)


def describe_changes(
    entries: Sequence[AuditEntry], known: Iterable[models.Model] = ()
) -> dict[int, list[ChangeRow]]:
    """Each entry's changes, by entry: the records its foreign keys name looked up, one query
    per related model, except those `known` (records the caller holds already)."""
    shown: dict[tuple[int, str], _Shown] = {}

    def shown_for(entry: AuditEntry, name: str) -> _Shown:
        key = (entry.content_type_id, name)
        if key not in shown:
            shown[key] = _shown(entry.content_type.model_class(), name)
        return shown[key]

    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes or {}).items():
            field = shown_for(entry, name).field
            if _is_foreign_key(field) and isinstance(values, list):
                wanted[field.related_model].update(v for v in values if v not in EMPTY)  # type: ignore[union-attr,index]
    names = {(type(obj), str(obj.pk)): str(obj) for obj in known}
    for model, pks in wanted.items():
        pks -= {pk for named_model, pk in names if named_model is model}
        if pks:
            names.update(
                ((model, str(obj.pk)), str(obj))
                for obj in model._default_manager.filter(pk__in=pks).select_related()
            )

    def show(how: _Shown, value: object) -> str:
        if value is None or str(value) in EMPTY:
            return "(empty)"
        text = str(value)
        if _is_foreign_key(how.field):
            return names.get((how.field.related_model, text), f"deleted ({text})")  # type: ignore[union-attr,arg-type]
        if how.choices is not None:
            return str(how.choices.get(text, text))
        return text

    described: dict[int, list[ChangeRow]] = {}
    for entry in entries:
        rows = []
        for name, values in (entry.changes or {}).items():
            if name in HIDDEN_FIELDS or not (isinstance(values, list) and len(values) == 2):
                continue
            how = shown_for(entry, name)
            if how.reverse:
                continue
            rows.append(ChangeRow(how.label, show(how, values[0]), show(how, values[1])))
        described[entry.pk] = rows
    return described
