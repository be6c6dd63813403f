"""Published DfE figures (England and each local authority) and a board's statistical neighbours.

A region loads a DfE statistics CSV in the published layout (time_period such as 202324,
time_identifier, geographic_level, country_code, new_la_code, la_name, old_la_code, and the
value column chosen for the indicator). Every row is checked before anything is written; the
file is loaded whole or not at all. Each board then sees England's figure and its statistical
neighbours' values beside its own.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from scrutiny.library.models import IndicatorDefinition
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board, Region

from .models import ENGLAND_CODE, GeographicLevel, NationalFigure, StatisticalNeighbour

REQUIRED_COLUMNS = ["time_period", "geographic_level", "country_code", "new_la_code", "la_name"]
# The DfE's symbols for a value not published (statistics guidance, "symbols in tables").
SUPPRESSION_SYMBOLS = {"c", "x", "z", "u", "low", ":", ".."}
LA_CODE = re.compile(r"^E\d{8}$")
TIME_PERIOD = re.compile(r"^(\d{4})(\d{2})$")
# Rows at these levels are part of the published files but not compared with a board.
OTHER_LEVELS = {"Regional", "Local authority district", "Parliamentary constituency", "School"}


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int  # the file's line number, the header being line 1
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column}: {self.reason}"


@dataclass(frozen=True)
class ParsedFigure:
    period_label: str
    geographic_level: str
    area_code: str
    area_name: str
    value: Decimal | None
    suppressed: str


@dataclass
class ParsedFile:
    figures: list[ParsedFigure] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped: int = 0  # rows at other geographic levels


def period_from_time_period(time_period: str) -> str | None:
    """202324 → "2023-24"; None when it is not a financial or academic year of that shape."""
    match = TIME_PERIOD.match(time_period)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        return None
    return f"{start}-{end:02d}"


def parse_dfe_csv(name: str, data: bytes, value_column: str) -> ParsedFile:
    """Every row read and checked; nothing is stored here."""
    result = ParsedFile()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(RowProblem(name, 1, "(file)", "the file is not UTF-8 text (CSV)"))
        return result
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in [*REQUIRED_COLUMNS, value_column] if c not in header]
    if missing:
        result.problems.append(
            RowProblem(
                name,
                1,
                ", ".join(missing),
                "not among the file's columns ("
                + ", ".join(header or ["none"])
                + "); a DfE file names them in its first row",
            )
        )
        return result
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        level = values["geographic_level"]
        if level in OTHER_LEVELS:
            result.skipped += 1
            continue
        if level not in GeographicLevel.values:
            result.problems.append(
                RowProblem(
                    name,
                    line,
                    "geographic_level",
                    f"“{level}” is not National, Local authority or another DfE level",
                )
            )
            continue
        period = period_from_time_period(values["time_period"])
        if period is None:
            result.problems.append(
                RowProblem(
                    name,
                    line,
                    "time_period",
                    f"“{values['time_period']}” is not a year such as 202324",
                )
            )
            continue
        if level == GeographicLevel.NATIONAL:
            code, area = values["country_code"] or ENGLAND_CODE, "England"
            if code != ENGLAND_CODE:
                result.problems.append(
                    RowProblem(name, line, "country_code", f"“{code}” is not England's code")
                )
                continue
        else:
            code, area = values["new_la_code"], values["la_name"]
            if not LA_CODE.match(code):
                result.problems.append(
                    RowProblem(
                        name, line, "new_la_code", f"“{code}” is not a code such as E08000025"
                    )
                )
                continue
            if not area:
                result.problems.append(RowProblem(name, line, "la_name", "is empty"))
                continue
        raw = values[value_column].replace(",", "")
        value, suppressed = None, ""
        if raw.lower() in SUPPRESSION_SYMBOLS:
            suppressed = raw
        else:
            try:
                value = Decimal(raw)
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                result.problems.append(
                    RowProblem(
                        name,
                        line,
                        value_column,
                        f"“{raw}” is not a number or a DfE symbol (c, x, z, low)",
                    )
                )
                continue
        key = (period, code)
        if key in seen:
            result.problems.append(
                RowProblem(
                    name,
                    line,
                    "new_la_code",
                    f"{area} {period} is already on row {seen[key]}",
                )
            )
            continue
        seen[key] = line
        result.figures.append(ParsedFigure(period, level, code, area, value, suppressed))
    if not result.figures and not result.problems:
        result.problems.append(
            RowProblem(name, 1, "geographic_level", "no National or Local authority rows")
        )
    return result


def load_national_figures(
    region: Region,
    indicator: IndicatorDefinition,
    parsed: ParsedFile,
    *,
    source_file: str,
    value_column: str,
    user: User,
) -> tuple[int, int]:
    """Write a checked file in one transaction: (figures added, figures changed)."""
    if parsed.problems:
        raise ValueError("A file with problems is never loaded")
    added = changed = 0
    with transaction.atomic():
        existing = {
            (f.period_label, f.area_code): f
            for f in NationalFigure.objects.filter(region=region, indicator=indicator)
        }
        for item in parsed.figures:
            figure = existing.get((item.period_label, item.area_code))
            if figure is None:
                figure = NationalFigure(
                    region=region,
                    indicator=indicator,
                    period_label=item.period_label,
                    area_code=item.area_code,
                )
                added += 1
            elif (figure.value, figure.suppressed) != (item.value, item.suppressed):
                changed += 1
            figure.geographic_level = item.geographic_level
            figure.area_name = item.area_name
            figure.value = item.value
            figure.suppressed = item.suppressed
            figure.source_file = source_file
            figure.value_column = value_column
            figure.loaded_by = user
            figure.save()  # one save each so the audit log records every change
    return added, changed


def parse_neighbour_codes(text: str) -> tuple[list[str], list[str]]:
    """LA codes separated by commas, spaces or lines: (codes in order, problems)."""
    codes, problems = [], []
    for position, code in enumerate(re.split(r"[\s,;]+", text.strip()), start=1):
        if not code:
            continue
        code = code.upper()
        if not LA_CODE.match(code):
            problems.append(f"Code {position}, “{code}”, is not a code such as E08000025")
        elif code in codes:
            problems.append(f"Code {position}, {code}, is already in the list")
        else:
            codes.append(code)
    return codes, problems


def set_neighbours(board: Board, codes: list[str], user: User) -> None:
    """Replace the board's list; removed neighbours are deleted one by one (audit log)."""
    with transaction.atomic():
        kept = {n.la_code: n for n in board.neighbours.all()}
        for code, neighbour in kept.items():
            if code not in codes:
                neighbour.delete()
        for position, code in enumerate(codes):
            neighbour = kept.get(code) or StatisticalNeighbour(board=board, la_code=code)
            if neighbour.pk is None or neighbour.position != position:
                neighbour.position = position
                neighbour.entered_by = user
                neighbour.save()


@dataclass(frozen=True)
class NeighbourValue:
    code: str
    name: str
    value: Decimal | None
    suppressed: str


@dataclass
class NationalComparison:
    """England's figure and the neighbours' for one period, beside the board's own."""

    period_label: str
    same_period: bool  # False when the latest published year is not the board's own period
    england: Decimal | None
    own_la: Decimal | None  # the board's council as published, when la_code is set
    neighbours: list[NeighbourValue]

    @property
    def neighbours_mean(self) -> Decimal | None:
        """Mean of the neighbours' published values (unweighted); suppressed ones left out."""
        known = [n.value for n in self.neighbours if n.value is not None]
        return sum(known, Decimal(0)) / len(known) if known else None


def national_comparisons(
    board: Board, latest_labels: dict[int, str | None]
) -> dict[int, NationalComparison]:
    """For each indicator (pk → the board's latest period), England and the neighbours.

    Two queries whatever the number of indicators: the neighbours, then the figures.
    """
    codes = list(board.neighbours.values_list("la_code", flat=True))
    wanted = {ENGLAND_CODE, *codes} | ({board.la_code} if board.la_code else set())
    figures: dict[int, dict[str, dict[str, NationalFigure]]] = {}
    for f in NationalFigure.objects.filter(
        region_id=board.region_id, indicator_id__in=list(latest_labels), area_code__in=wanted
    ).only("indicator_id", "period_label", "area_code", "area_name", "value", "suppressed"):
        figures.setdefault(f.indicator_id, {}).setdefault(f.period_label, {})[f.area_code] = f
    result = {}
    for indicator_id, label in latest_labels.items():
        by_period = figures.get(indicator_id)
        if not by_period:
            continue
        same = label in by_period
        period = label if same else max(by_period)
        areas = by_period[period]
        england = areas.get(ENGLAND_CODE)
        own = areas.get(board.la_code) if board.la_code else None
        result[indicator_id] = NationalComparison(
            period_label=period,
            same_period=same,
            england=england.value if england else None,
            own_la=own.value if own else None,
            neighbours=[
                NeighbourValue(
                    code,
                    areas[code].area_name if code in areas else code,
                    areas[code].value if code in areas else None,
                    areas[code].suppressed if code in areas else "not loaded",
                )
                for code in codes
            ],
        )
    return result


def england_figures(region: Region, indicator_labels: dict[int, str]) -> dict[int, Decimal | None]:
    """England's figure for each indicator's period (one query), for the regional report."""
    wanted = {
        (f.indicator_id, f.period_label): f.value
        for f in NationalFigure.objects.filter(
            region=region, area_code=ENGLAND_CODE, indicator_id__in=list(indicator_labels)
        ).only("indicator_id", "period_label", "value")
    }
    return {i: wanted.get((i, label)) for i, label in indicator_labels.items()}
