"""Import data-set values from CSV or XLSX: check every row, then write all or nothing.

Columns: indicator, period, numerator, denominator (blank for counts), agency (optional).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from scrutiny.library.models import IndicatorDefinition, IndicatorUnit
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import IndicatorValue, ValueSource
from .periods import BadPeriod, parse_period

COLUMNS = ["indicator", "period", "numerator", "denominator", "agency"]
MAX_ROWS = 20_000


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass
class ImportResult:
    problems: list[RowProblem] = field(default_factory=list)
    written: int = 0


def read_rows(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; raises ValueError for unreadable files."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise ValueError(f"{name} is not a readable Excel file") from exc
        rows = [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    elif name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name} is not UTF-8 text") from exc
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise ValueError(f"{name} is not a .csv or .xlsx file")
    if not rows:
        raise ValueError(f"{name} is empty")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise ValueError(
            f"{name} has no column called {', '.join(missing)} (expected: {', '.join(COLUMNS)})"
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ValueError(f"{name} has more than {MAX_ROWS:,} rows; split it into smaller files")
    return [
        dict(zip(header, (c.strip() for c in r), strict=False))
        for r in rows[1:]
        if any(c.strip() for c in r)
    ]


def _number(text: str, row: int, column: str, problems: list[RowProblem]) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        problems.append(RowProblem(row, column, f"'{text}' is not a number"))
        return None
    if value < 0:
        problems.append(RowProblem(row, column, "cannot be negative"))
        return None
    return value


def import_values(
    board: Board,
    rows: list[dict[str, str]],
    *,
    indicators: dict[str, IndicatorDefinition],
    user: User,
    allowed_agency_ids: set[int] | None = None,
    source: ValueSource = ValueSource.IMPORT,
) -> ImportResult:
    """Check every row against the indicator definitions; write them only if all are good.

    `allowed_agency_ids`, when given, limits which agencies' rows the user may import.
    """
    result = ImportResult()
    agencies = {a.name.lower(): a for a in Agency.objects.filter(memberships__board=board)}
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[IndicatorDefinition, str, object, Decimal, Decimal | None, Agency | None]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        problems: list[RowProblem] = []
        code = row.get("indicator", "")
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(
                RowProblem(number, "indicator", f"'{code}' is not an indicator in the data set")
            )
        period = None
        if indicator is not None:
            try:
                period = parse_period(row.get("period", ""), indicator.period)
            except BadPeriod as exc:
                problems.append(RowProblem(number, "period", str(exc)))
        numerator = (
            _number(row.get("numerator", ""), number, "numerator", problems)
            if row.get("numerator")
            else None
        )
        if not row.get("numerator"):
            problems.append(RowProblem(number, "numerator", "is empty"))
        denominator_text = row.get("denominator", "")
        denominator = (
            _number(denominator_text, number, "denominator", problems) if denominator_text else None
        )
        if indicator is not None:
            if indicator.unit == IndicatorUnit.COUNT and denominator_text:
                problems.append(
                    RowProblem(
                        number, "denominator", f"{code} is a count: leave the denominator empty"
                    )
                )
            if indicator.unit != IndicatorUnit.COUNT and not denominator_text:
                problems.append(
                    RowProblem(
                        number,
                        "denominator",
                        f"{code} needs a denominator ({indicator.denominator})",
                    )
                )
            if denominator == 0 and denominator_text:
                problems.append(RowProblem(number, "denominator", "cannot be 0"))
            if (
                indicator.unit == IndicatorUnit.PERCENT
                and numerator is not None
                and denominator
                and numerator > denominator
            ):
                problems.append(
                    RowProblem(
                        number,
                        "numerator",
                        f"{numerator} is more than the denominator {denominator}",
                    )
                )
        agency = None
        if row.get("agency"):
            agency = agencies.get(row["agency"].lower())
            if agency is None:
                problems.append(
                    RowProblem(
                        number, "agency", f"'{row['agency']}' does not serve {board.short_name}"
                    )
                )
        if allowed_agency_ids is not None and (
            agency is None or agency.pk not in allowed_agency_ids
        ):
            problems.append(
                RowProblem(
                    number,
                    "agency",
                    "you can only import your own agency's values; name it in this column",
                )
            )
        if indicator is not None and period is not None:
            key = (code, period.label)
            if key in seen:
                problems.append(
                    RowProblem(
                        number, "period", f"{code} for {period.label} is also in row {seen[key]}"
                    )
                )
            seen[key] = number
        if problems:
            result.problems.extend(problems)
        else:
            good.append((indicator, period.label, period.end, numerator, denominator, agency))  # type: ignore[union-attr]
    if result.problems:
        return result
    with transaction.atomic():
        for indicator, label, end, numerator, denominator, agency in good:
            IndicatorValue.objects.update_or_create(
                board=board,
                indicator=indicator,
                period_label=label,
                defaults={
                    "period_end": end,
                    "numerator": numerator,
                    "denominator": denominator,
                    "agency": agency,
                    "source": source,
                    "entered_by": user,
                },
            )
            result.written += 1
    return result
