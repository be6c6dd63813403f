"""Imports in two steps: a preview of everything a file would write or change, then the
uploader's confirmation (CONVENTIONS 10).

Files are read and checked before any transaction and the checked rows are held in a
`PendingImport`. Confirming writes them in one short transaction, all or nothing, and first
re-reads the values they replace: if any changed since the preview, nothing is written and
the preview is shown again with the values as they are now.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from scrutiny.audit.bulk import log_bulk
from scrutiny.audit.models import AuditEntry
from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .disproportionality import store_breakdowns
from .importer import CheckedRow
from .models import IndicatorValue, PendingImport, ValueSource, indicator_value
from .partnership import pool_partnership

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
STATUS_WORDS = {NEW: "New", CHANGED: "Changed", UNCHANGED: "Unchanged"}

Pair = tuple[Decimal, Decimal | None]
Key = tuple[int, str, int | None]  # indicator, period, local authority (None: whole board)


class StalePreview(Exception):
    """Values the import would change were changed by someone else after the preview."""

    def __init__(self, changed: int) -> None:
        super().__init__(f"{changed} value{'s' if changed != 1 else ''} changed since the preview")
        self.changed = changed


class AlreadyConfirmed(Exception):
    pass


def _pair(numerator: Decimal | str, denominator: Decimal | str | None) -> Pair:
    return Decimal(numerator), None if denominator is None else Decimal(denominator)


def _stored(pair: Pair | None) -> list[str | None] | None:
    return None if pair is None else [str(pair[0]), None if pair[1] is None else str(pair[1])]


@dataclass
class PreviewLine:
    row: int
    indicator: IndicatorDefinition
    period_label: str
    period_end: datetime.date
    numerator: Decimal
    denominator: Decimal | None
    agency_id: int | None
    before: Pair | None  # the value held when the preview was made, if any
    local_authority_id: int | None = None  # one authority's figure in a partnership

    @property
    def status(self) -> str:
        if self.before is None:
            return NEW
        return UNCHANGED if self.before == (self.numerator, self.denominator) else CHANGED

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def value(self) -> Decimal | None:
        return indicator_value(self.numerator, self.denominator, self.indicator.factor)

    @property
    def old_value(self) -> Decimal | None:
        if self.before is None:
            return None
        return indicator_value(self.before[0], self.before[1], self.indicator.factor)

    @property
    def key(self) -> Key:
        return self.indicator.pk, self.period_label, self.local_authority_id


@dataclass(frozen=True)
class BaselineChange:
    """An import that sets or moves an indicator's baseline (the value of its first period)."""

    indicator: IndicatorDefinition
    old_label: str | None
    old_value: Decimal | None
    new_label: str
    new_value: Decimal | None

    def __str__(self) -> str:
        new = f"{self.new_label} ({_shown(self.new_value)})"
        if self.old_label is None:
            return f"{self.indicator.name}: the baseline will be {new}, its first value"
        return (
            f"{self.indicator.name}: the baseline moves from "
            f"{self.old_label} ({_shown(self.old_value)}) to {new}"
        )


def _shown(value: Decimal | None) -> str:
    return "no value" if value is None else f"{value:.1f}"


@dataclass
class Preview:
    pending: PendingImport
    lines: list[PreviewLine]
    baseline_changes: list[BaselineChange]
    left_out: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            NEW: self.count(NEW),
            CHANGED: self.count(CHANGED),
            UNCHANGED: self.count(UNCHANGED),
            "left_out": len(self.left_out),
        }


def _held(board: Board, keys: set[Key], *, lock: bool = False):
    """The values held now for the given (indicator, period, local authority) keys, in one
    query."""
    query = IndicatorValue.with_areas.filter(
        board=board,
        indicator_id__in={i for i, _, _ in keys},
        period_label__in={p for _, p, _ in keys},
    )
    if lock:
        query = query.select_for_update()
    return {
        (v.indicator_id, v.period_label, v.local_authority_id): v
        for v in query
        if (v.indicator_id, v.period_label, v.local_authority_id) in keys
    }


def stage(
    board: Board,
    user: User,
    rows: list[CheckedRow],
    *,
    source: ValueSource,
    file_names: list[str],
    sha256: str,
    notes: dict | None = None,
) -> PendingImport:
    """Hold checked rows for the uploader to confirm, with the values each would replace."""
    now = timezone.now()
    PendingImport.objects.filter(expires__lt=now).delete()
    held = _held(board, {(r.indicator.pk, r.period_label, r.local_authority_id) for r in rows})
    stored = []
    for r in rows:
        before = held.get((r.indicator.pk, r.period_label, r.local_authority_id))
        stored.append(
            {
                "row": r.row,
                "indicator": r.indicator.pk,
                "period": r.period_label,
                "end": r.period_end.isoformat(),
                "numerator": str(r.numerator),
                "denominator": None if r.denominator is None else str(r.denominator),
                "agency": r.agency_id,
                "la": r.local_authority_id,
                "before": _stored(_pair(before.numerator, before.denominator) if before else None),
            }
        )
    return PendingImport.objects.create(
        board=board,
        user=user,
        expires=now + datetime.timedelta(hours=settings.SCRUTINY_PENDING_IMPORT_HOURS),
        source=source,
        file_names=", ".join(file_names)[:500],
        sha256=sha256,
        rows=stored,
        notes=notes or {},
    )


def pending_for(board: Board, user: User, pk: int) -> PendingImport | None:
    """A pending import only its uploader, on its board, can see; None once expired."""
    return PendingImport.objects.filter(
        pk=pk, board=board, user=user, expires__gt=timezone.now()
    ).first()


def _lines(pending: PendingImport) -> list[PreviewLine]:
    indicators = IndicatorDefinition.objects.in_bulk({r["indicator"] for r in pending.rows})
    return [
        PreviewLine(
            row=r["row"],
            indicator=indicators[r["indicator"]],
            period_label=r["period"],
            period_end=datetime.date.fromisoformat(r["end"]),
            numerator=Decimal(r["numerator"]),
            denominator=None if r["denominator"] is None else Decimal(r["denominator"]),
            agency_id=r["agency"],
            before=None if r["before"] is None else _pair(*r["before"]),
            local_authority_id=r.get("la"),
        )
        for r in pending.rows
    ]


def baseline_changes(board: Board, lines: list[PreviewLine]) -> list[BaselineChange]:
    """Each indicator whose first period's value the import would set or move (the whole
    board's: one authority's figures in a partnership set no baseline)."""
    lines = [line for line in lines if line.local_authority_id is None]
    indicators = {line.indicator.pk: line.indicator for line in lines}
    first: dict[int, IndicatorValue] = {}
    for v in IndicatorValue.objects.filter(board=board, indicator_id__in=indicators).order_by(
        "period_end"
    ):
        first.setdefault(v.indicator_id, v)
    earliest: dict[int, PreviewLine] = {}
    for line in sorted(lines, key=lambda x: x.period_end):
        earliest.setdefault(line.indicator.pk, line)
    changes = []
    for pk, indicator in indicators.items():
        held, incoming = first.get(pk), earliest[pk]
        old_value = (
            indicator_value(held.numerator, held.denominator, indicator.factor) if held else None
        )
        if held is None:
            changes.append(
                BaselineChange(indicator, None, None, incoming.period_label, incoming.value)
            )
        elif incoming.period_end < held.period_end or (
            incoming.period_label == held.period_label
            and (incoming.numerator, incoming.denominator) != (held.numerator, held.denominator)
        ):
            changes.append(
                BaselineChange(
                    indicator, held.period_label, old_value, incoming.period_label, incoming.value
                )
            )
    return sorted(changes, key=lambda c: c.indicator.order)


def preview(pending: PendingImport) -> Preview:
    lines = _lines(pending)
    return Preview(
        pending,
        lines,
        baseline_changes(pending.board, lines),
        left_out=list(pending.notes.get("left_out", [])),
    )


def _write(
    pending: PendingImport,
    lines: list[PreviewLine],
    held: dict[tuple[int, str], IndicatorValue],
    user: User,
) -> None:
    """Insert the new values and update the changed ones in bulk (a few queries, however
    many rows), with one audit entry for each value written."""
    now = timezone.now()
    created: list[IndicatorValue] = []
    updated: list[tuple[IndicatorValue, IndicatorValue]] = []
    for line in lines:
        if line.status == UNCHANGED:
            continue
        value = held.get(line.key)
        if value is not None:
            # related rows already loaded, so neither the diff nor audit_scope() queries
            value.indicator, value.board = line.indicator, pending.board
        old = copy.copy(value) if value is not None else None
        if value is None:
            value = IndicatorValue(
                board=pending.board,
                indicator=line.indicator,
                period_label=line.period_label,
                local_authority_id=line.local_authority_id,
            )
        value.board = pending.board  # already loaded: audit_scope() reads its region
        value.period_end = line.period_end
        value.numerator = line.numerator
        value.denominator = line.denominator
        value.agency_id = line.agency_id
        value.source = pending.source
        value.entered_by = user
        value.entered_at = now
        if old is None:
            created.append(value)
        else:
            updated.append((old, value))
    IndicatorValue.with_areas.bulk_create(created, batch_size=500)
    IndicatorValue.with_areas.bulk_update(
        [new for _, new in updated], WRITTEN_FIELDS, batch_size=500
    )
    log_bulk(AuditEntry.Action.CREATE, [(None, v) for v in created], user)
    log_bulk(AuditEntry.Action.UPDATE, updated, user)


WRITTEN_FIELDS = [
    "period_end",
    "numerator",
    "denominator",
    "agency",
    "source",
    "entered_by",
    "entered_at",
]


def confirm(pending: PendingImport, user: User) -> dict[str, int]:
    """Write the previewed rows, all or nothing, and return the counts shown as the result.

    Raises StalePreview (after refreshing the pending import's `before` values) when a value
    it would change is no longer the one the preview showed; nothing is written then.
    """
    if pending.confirmed_at is not None:
        raise AlreadyConfirmed
    lines = _lines(pending)
    by_key = {line.key: line for line in lines}
    stale: dict[Key, Pair | None] = {}
    with transaction.atomic():
        held = _held(pending.board, set(by_key), lock=True)
        for key, line in by_key.items():
            now = held.get(key)
            current = _pair(now.numerator, now.denominator) if now else None
            if current != line.before:
                stale[key] = current
        if not stale:
            _write(pending, lines, held, user)
            store_breakdowns(pending, user)  # a statutory import's, beside its values
            pool_partnership(pending.board, lines, user)  # authorities' figures -> board's
            outcome = Preview(pending, lines, [], list(pending.notes.get("left_out", []))).counts
            pending.confirmed_at = timezone.now()
            pending.outcome = outcome
            pending.save(update_fields=["confirmed_at", "outcome"])
    if stale:
        for row in pending.rows:
            key = (row["indicator"], row["period"], row.get("la"))
            if key in stale:
                row["before"] = _stored(stale[key])
        pending.save(update_fields=["rows"])
        raise StalePreview(len(stale))
    return outcome
