"""A year's targets for every indicator on one page: the grid, copying last year, saving.

The grid has one row per indicator and one column per period of a financial year: the four
quarters (April-June first) and the year itself. A quarterly indicator has a cell under each
quarter, a yearly one under the year (a monthly one, none in the shipped data set, under
nothing: its targets are set one at a time). Each row has one tolerance for its year.

Saving is all or nothing: every cell is checked first; one bad cell saves none, and each
problem names its indicator and period. Each cell carries the revision of the target it
showed ("" for none); a target someone else saved, added or removed since is reported, not
overwritten (the edit guard, `core.concurrency.claim_revision`). A cleared cell removes its
target. Every write goes through the model, so the audit log records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from scrutiny.core.concurrency import EditConflict, claim_revision
from scrutiny.library.models import IndicatorDefinition, ReportingPeriod
from scrutiny.tenancy.models import Board

from .models import Target
from .periods import financial_year_label, financial_year_quarters

COLUMNS = ["Q1 (Apr to Jun)", "Q2 (Jul to Sep)", "Q3 (Oct to Dec)", "Q4 (Jan to Mar)", "Year"]


def year_periods(kind: str, year: int) -> list[str | None]:
    """The period label under each column for an indicator of this kind (None: no cell)."""
    if kind == ReportingPeriod.QUARTER:
        return [*financial_year_quarters(year), None]
    if kind == ReportingPeriod.YEAR:
        return [None, None, None, None, financial_year_label(year)]
    return [None] * len(COLUMNS)


def period_name(label: str, year: int) -> str:
    """How a cell's period is named to people: "2026-27 Q1" rather than "2026 Q2"."""
    quarters = financial_year_quarters(year)
    if label in quarters:
        return f"{financial_year_label(year)} Q{quarters.index(label) + 1}"
    return label


def cell_name(indicator: IndicatorDefinition, label: str) -> str:
    return f"t-{indicator.pk}-{label.replace(' ', '_')}"


@dataclass
class Cell:
    label: str
    name: str  # the input's name and id
    period: str  # as people name it
    value: str = ""
    revision: str = ""  # of the target shown, "" if none
    error: str = ""


@dataclass
class Row:
    indicator: IndicatorDefinition
    cells: list[Cell | None]
    tolerance: str = ""
    tolerance_error: str = ""
    all_quarters: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def quarterly(self) -> bool:
        return self.indicator.period == ReportingPeriod.QUARTER


@dataclass
class Problem:
    anchor: str
    text: str


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def build_grid(
    board: Board, year: int, indicators: list[IndicatorDefinition], *, copy_from: int | None = None
) -> list[Row]:
    """The grid as stored; with `copy_from`, its empty cells filled from that year's targets
    in the same column (the revisions stay those of this year's targets: nothing is saved)."""
    labels_by_indicator = {i.pk: year_periods(i.period, year) for i in indicators}
    stored = {
        (t.indicator_id, t.period_label): t
        for t in Target.objects.filter(board=board, indicator__in=indicators)
    }
    rows = []
    for indicator in indicators:
        labels = labels_by_indicator[indicator.pk]
        if not any(labels):
            continue
        old_labels = year_periods(indicator.period, copy_from) if copy_from else []
        cells: list[Cell | None] = []
        tolerance = None
        for position, label in enumerate(labels):
            if label is None:
                cells.append(None)
                continue
            cell = Cell(label, cell_name(indicator, label), period_name(label, year))
            target = stored.get((indicator.pk, label))
            if target is not None:
                cell.value, cell.revision = _number(target.target), str(target.revision)
                tolerance = tolerance if tolerance is not None else target.tolerance
            elif copy_from:
                old = stored.get((indicator.pk, old_labels[position]))
                if old is not None:
                    cell.value = _number(old.target)
                    tolerance = tolerance if tolerance is not None else old.tolerance
            cells.append(cell)
        rows.append(Row(indicator, cells, tolerance=_number(tolerance)))
    return rows


def read_grid(rows: list[Row], data) -> None:
    """Put what was posted into the grid (values, revisions, tolerances, "all quarters")."""
    for row in rows:
        row.tolerance = data.get(f"tol-{row.indicator.pk}", "").strip()
        row.all_quarters = data.get(f"all-{row.indicator.pk}", "").strip()
        for cell in row.cells:
            if cell is None:
                continue
            cell.value = data.get(cell.name, "").strip()
            cell.revision = data.get(f"rev-{cell.name}", "").strip()
            if row.all_quarters and row.quarterly:
                cell.value = row.all_quarters


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_grid(rows: list[Row]) -> list[Problem]:
    """Each cell's and tolerance's problem, naming its indicator and period."""
    problems = []
    for row in rows:
        name = row.indicator.name
        if row.all_quarters and _decimal(row.all_quarters) is None:
            text = f"{name}, all quarters: the target must be a number"
            problems.append(Problem(f"all-{row.indicator.pk}", text))
            row.errors.append(text)
        for cell in row.cells:
            if cell is None or not cell.value:
                continue
            number = _decimal(cell.value)
            if number is None:
                cell.error = f"{name}, {cell.period}: the target must be a number"
            elif abs(number) >= Decimal("1e10") or number.as_tuple().exponent < -2:  # type: ignore[operator]
                cell.error = (
                    f"{name}, {cell.period}: the target must be a number with at most "
                    "two decimal places"
                )
            if cell.error:
                problems.append(Problem(cell.name, cell.error))
        if row.tolerance:
            number = _decimal(row.tolerance)
            if number is None or number < 0:
                row.tolerance_error = f"{name}, tolerance: enter a number, 0 or more"
                problems.append(Problem(f"tol-{row.indicator.pk}", row.tolerance_error))
    return problems


def save_grid(board: Board, rows: list[Row], user) -> tuple[list[Problem], int]:
    """Save every cell, or none: the problems (bad values, or targets changed by someone else
    since the page loaded) and how many targets were added, changed or removed."""
    problems = check_grid(rows)
    if problems:
        return problems, 0
    changed = 0
    with transaction.atomic():
        stored = {
            (t.indicator_id, t.period_label): t
            for t in Target.objects.select_for_update().filter(
                board=board, indicator__in=[r.indicator for r in rows]
            )
        }
        for row in rows:
            tolerance = _decimal(row.tolerance) if row.tolerance else Decimal(0)
            for cell in row.cells:
                if cell is None:
                    continue
                target = stored.get((row.indicator.pk, cell.label))
                conflict = _conflict(row, cell, target)
                if conflict:
                    cell.error = conflict
                    problems.append(Problem(cell.name, conflict))
                    continue
                value = _decimal(cell.value) if cell.value else None
                if target is None and value is None:
                    continue
                if value is None:
                    target.delete()  # type: ignore[union-attr]
                    changed += 1
                elif target is None:
                    Target.objects.create(
                        board=board,
                        indicator=row.indicator,
                        period_label=cell.label,
                        target=value,
                        tolerance=tolerance,
                        set_by=user,
                    )
                    changed += 1
                elif target.target != value or target.tolerance != tolerance:
                    target.target, target.tolerance, target.set_by = value, tolerance, user
                    target.revision += 1
                    target.save()
                    changed += 1
        if problems:
            transaction.set_rollback(True)
            return problems, 0
    return [], changed


def set_target(board: Board, indicator, period_label: str, target, tolerance, user) -> Target:
    """One target, set from the single-target form; its revision moves on, so a year's grid
    loaded before it reports the change instead of overwriting it."""
    with transaction.atomic():
        existing = (
            Target.objects.select_for_update()
            .filter(board=board, indicator=indicator, period_label=period_label)
            .first()
        )
        if existing is None:
            return Target.objects.create(
                board=board,
                indicator=indicator,
                period_label=period_label,
                target=target,
                tolerance=tolerance,
                set_by=user,
            )
        existing.target, existing.tolerance, existing.set_by = target, tolerance, user
        existing.revision += 1
        existing.save()
        return existing


def _conflict(row: Row, cell: Cell, target: Target | None) -> str:
    """Why this cell may not be written: someone else saved, added or removed its target."""
    name = f"{row.indicator.name}, {cell.period}"
    if target is None:
        if cell.revision:
            return f"{name}: someone else removed this target after you loaded the page"
        return ""
    if not cell.revision.isdigit():
        return f"{name}: someone else set this target after you loaded the page"
    try:
        claim_revision(target, int(cell.revision))
    except EditConflict as conflict:
        who = ", ".join(dict.fromkeys(s.by for s in conflict.other_saves)) or "someone else"
        now = _number(conflict.current.target) if conflict.current else ""
        return (
            f"{name}: {who} changed this target to {now} after you loaded the page; "
            "it has not been overwritten"
        )
    target.revision = int(cell.revision)
    return ""
