"""Turn statutory return files into data-set values, through the same checks as an import
(and the same preview and confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Board

from ..importer import CheckedRows, RowProblem, check_rows
from ..models import LocalAuthority
from ..periods import canonical_label
from . import cin, ssda903
from .common import Computation, FileProgress, ReturnFileError


@dataclass
class StatutoryCheck:
    computation: Computation
    checked: CheckedRows
    left_out: list[str] = field(default_factory=list)  # periods with nothing to measure


# How far the reading of several files has gone: files read so far (2.5: two, and half of
# the third) and what, in words ("Reading census.xml: 9,000 children").
ReadingProgress = Callable[[float, str], None]
COMPUTING = "Computing the indicators from the returns"  # told once every file is read


def _file_progress(
    files: list[tuple[str, bytes]], progress: ReadingProgress | None
) -> Callable[[int], FileProgress | None]:
    """What tells `progress` how far the i-th of the files has been read."""

    def for_file(index: int) -> FileProgress | None:
        if progress is None:
            return None
        name = files[index][0]
        return lambda share, read: progress(index + min(share, 1.0), f"Reading {name}: {read}")

    return for_file


def compute_cin(
    files: list[tuple[str, bytes]],
    population: int | None,
    progress: ReadingProgress | None = None,
) -> Computation:
    """Every collection year the census files name in their headers, quarter by quarter."""
    for_file = _file_progress(files, progress)
    censuses = [cin.read_census(name, data, for_file(i)) for i, (name, data) in enumerate(files)]
    if not censuses:
        raise ReturnFileError("Choose at least one CIN census file")
    if progress is not None:
        progress(len(files), COMPUTING)
    return cin.compute(cin.combine(censuses), population)


def compute_903(
    files: list[tuple[str, bytes]],
    year: str,
    population: int | None,
    progress: ReadingProgress | None = None,
) -> Computation:
    from ..periods import BadPeriod, parse_period

    try:
        start = parse_period(year, "year").start
    except BadPeriod as exc:
        raise ReturnFileError(str(exc)) from exc
    read = ssda903.read_903(files, _file_progress(files, progress))
    if progress is not None:
        progress(len(files), COMPUTING)
    return ssda903.compute(read, start, population)


def check_computation(
    board: Board,
    computation: Computation,
    *,
    indicators: dict[str, IndicatorDefinition],
    file: str = "computed values",
) -> StatutoryCheck:
    """The computed values as checked rows, writing nothing: they are previewed and
    confirmed like any import (`dataset.pending`). A rate or percentage with nothing to
    divide by (no assessments in a quarter, say) is left out and listed, not stored as 0."""
    left_out: list[str] = []
    rows = []
    names = {code: i.name for code, i in indicators.items()}
    area, problem = area_of(board, computation)
    if problem:
        checked = CheckedRows(problems=[RowProblem(0, "local authority", problem, file)])
        return StatutoryCheck(computation, checked, left_out)
    for value in computation.values:
        if value.denominator is not None and value.denominator == 0:
            name = names.get(value.indicator, value.indicator)
            left_out.append(f"{name}, {value.period}: nothing to measure")
            continue
        rows.append(
            {
                "indicator": value.indicator,
                "period": value.period,
                "numerator": str(value.numerator),
                "denominator": "" if value.denominator is None else str(value.denominator),
                "local_authority": area.code if area else "",
            }
        )
    checked = check_rows(board, rows, indicators=indicators, file=file)
    return StatutoryCheck(computation, checked, left_out)


def breakdowns_of(check: StatutoryCheck) -> list[list]:
    """The breakdowns of the values that will be stored (not of those left out), labelled
    as the values are, held with the pending import until it is confirmed
    (`dataset.disproportionality.store_breakdowns`):
    [indicator, period, period end, dimension, group, numerator, denominator, authority]."""
    stored = {(r.indicator.code, r.period_label): r.period_end for r in check.checked.rows}
    area = check.checked.rows[0].local_authority_id if check.checked.rows else None
    rows = []
    for b in check.computation.breakdowns:
        label = canonical_label(b.period)
        end = stored.get((b.indicator, label))
        if end is not None:
            rows.append(
                [
                    b.indicator,
                    label,
                    end.isoformat(),
                    b.dimension,
                    b.group,
                    b.numerator,
                    b.denominator,
                    area,
                ]
            )
    return rows


def area_of(board: Board, computation: Computation) -> tuple[LocalAuthority | None, str]:
    """Which of a partnership's authorities the files are from, by the LA number they carry
    (the CIN census's LEA); None for the whole board (a board that lists no authorities, or
    files that name none, as the 903 tables). The second item is why they cannot be stored."""
    if not computation.area:
        return None, ""
    areas = list(LocalAuthority.objects.filter(board=board))
    if not areas:
        return None, ""
    for area in areas:
        if area.census_code == computation.area:
            return area, ""
    listed = ", ".join(f"{a.name} ({a.census_code or 'no LA number'})" for a in areas)
    return None, (
        f"the files are from LA number {computation.area}, which is none of "
        f"{board.short_name}'s local authorities: {listed}"
    )


def notes_of(check: StatutoryCheck) -> dict:
    """What the preview and result pages say about the files beside the values, and the
    breakdowns to store with them."""
    return {
        "breakdowns": breakdowns_of(check),
        "local_authority": _area_name(check),
        # labelled as the values are stored, so the lists match the table
        "periods": [canonical_label(p) for p in check.computation.periods],
        "not_covered": [
            [canonical_label(label), reason] for label, reason in check.computation.not_covered
        ],
        "skipped": list(check.computation.skipped),
        "left_out": check.left_out,
    }


__all__ = ["ReturnFileError", "check_computation", "compute_903", "compute_cin", "notes_of"]


def _area_name(check: StatutoryCheck) -> str:
    rows = check.checked.rows
    area_id = rows[0].local_authority_id if rows else None
    if area_id is None:
        return ""
    area = LocalAuthority.objects.filter(pk=area_id).first()
    return str(area) if area else ""
