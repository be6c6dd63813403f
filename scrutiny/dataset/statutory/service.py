"""Turn statutory return files into data-set values, through the same checks as an import."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from ..importer import RowProblem, import_values
from ..models import ValueSource
from . import cin, ssda903
from .common import Computation, ReturnFileError


@dataclass
class StatutoryResult:
    computation: Computation
    written: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # periods with nothing to measure


def compute_cin(files: list[tuple[str, bytes]], population: int | None) -> Computation:
    """Every collection year the census files name in their headers, quarter by quarter."""
    censuses = [cin.read_census(name, data) for name, data in files]
    if not censuses:
        raise ReturnFileError("Choose at least one CIN census file")
    return cin.compute(cin.combine(censuses), population)


def compute_903(files: list[tuple[str, bytes]], year: str, population: int | None) -> Computation:
    from ..periods import BadPeriod, parse_period

    try:
        start = parse_period(year, "year").start
    except BadPeriod as exc:
        raise ReturnFileError(str(exc)) from exc
    return ssda903.compute(ssda903.read_903(files), start, population)


def save_computation(
    board: Board,
    computation: Computation,
    *,
    indicators: dict[str, IndicatorDefinition],
    user: User,
    source: ValueSource,
) -> StatutoryResult:
    """Write the computed values (all or nothing). A rate or percentage with nothing to divide
    by (no assessments in a quarter, say) is left out and listed, not stored as zero."""
    result = StatutoryResult(computation)
    rows = []
    for value in computation.values:
        if value.denominator is not None and value.denominator == 0:
            result.left_out.append(f"{value.indicator}, {value.period}: nothing to measure")
            continue
        rows.append(
            {
                "indicator": value.indicator,
                "period": value.period,
                "numerator": str(value.numerator),
                "denominator": "" if value.denominator is None else str(value.denominator),
            }
        )
    outcome = import_values(board, rows, indicators=indicators, user=user, source=source)
    result.problems, result.written = outcome.problems, outcome.written
    return result


__all__ = ["ReturnFileError", "compute_903", "compute_cin", "save_computation"]
