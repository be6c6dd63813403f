"""Read and check data-set values from CSV or XLSX; nothing is written here but a hand entry.

Files are previewed and confirmed through `dataset.pending`, which writes all or nothing.

Columns: indicator, period, numerator, denominator (blank for counts), agency (optional).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from scrutiny.core.uploads import check_archive, read_limited
from scrutiny.library.models import IndicatorDefinition, IndicatorUnit
from scrutiny.people.models import User
from scrutiny.tenancy.models import Agency, Board

from .models import IndicatorValue, LocalAuthority, ValueSource
from .periods import BadPeriod, parse_period

COLUMNS = ["indicator", "period", "numerator", "denominator", "agency"]
MAX_ROWS = 20_000


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str
    file: str = ""

    def __str__(self) -> str:
        if self.row == 0:  # about the whole file, not a row
            return f"{self.file or 'The file'}: {self.reason}"
        if self.file:
            return f"{self.file}, row {self.row}, {self.column}: {self.reason}"
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class CheckedRow:
    """One row that passed every check, ready to be written."""

    row: int
    indicator: IndicatorDefinition
    period_label: str
    period_end: datetime.date
    numerator: Decimal
    denominator: Decimal | None
    agency_id: int | None
    local_authority_id: int | None = None  # one authority's figure in a partnership


@dataclass
class CheckedRows:
    rows: list[CheckedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class ImportResult:
    problems: list[RowProblem] = field(default_factory=list)
    written: int = 0


def read_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """An uploaded CSV or XLSX's name and bytes, refused (a ValueError naming the file and the
    limit) over SCRUTINY_MAX_IMPORT_MB or, for XLSX, when the archive would unpack into far
    more than it weighs, before openpyxl opens it. Cheap: done in the request, before the
    file is handed to the job that reads its rows (`read_rows`)."""
    name = upload.name or "The file"
    data = read_limited(upload, settings.SCRUTINY_MAX_IMPORT_MB, name=name)
    if name.lower().endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ValueError(f"{name} is not a readable Excel file")
        check_archive(name, data)
    return name, data


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


def check_rows(
    board: Board,
    rows: list[dict[str, str]],
    *,
    indicators: dict[str, IndicatorDefinition],
    allowed_agency_ids: set[int] | None = None,
    file: str = "",
) -> CheckedRows:
    """Check every row against the indicator definitions, writing nothing.

    `allowed_agency_ids`, when given, limits which agencies' rows the user may import.
    """
    result = CheckedRows()
    agencies = {a.name.lower(): a for a in Agency.objects.filter(memberships__board=board)}
    areas = {a.code.lower(): a for a in LocalAuthority.objects.filter(board=board)}
    seen: dict[tuple[str, str, str], int] = {}
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
        area = None
        if row.get("local_authority"):
            area = areas.get(row["local_authority"].strip().lower())
            if area is None:
                problems.append(
                    RowProblem(
                        number,
                        "local_authority",
                        f"'{row['local_authority']}' is not one of {board.short_name}'s "
                        "local authorities",
                    )
                )
        if indicator is not None and period is not None:
            key = (code, period.label, row.get("local_authority", "").strip().lower())
            if key in seen:
                problems.append(
                    RowProblem(
                        number, "period", f"{code} for {period.label} is also in row {seen[key]}"
                    )
                )
            seen[key] = number
        if problems:
            for problem in problems:
                problem.file = file
            result.problems.extend(problems)
        else:
            result.rows.append(
                CheckedRow(
                    number,
                    indicator,  # type: ignore[arg-type]
                    period.label,  # type: ignore[union-attr]
                    period.end,  # type: ignore[union-attr]
                    numerator,  # type: ignore[arg-type]
                    denominator,
                    agency.pk if agency else None,
                    area.pk if area else None,
                )
            )
    return result


def import_values(
    board: Board,
    rows: list[dict[str, str]],
    *,
    indicators: dict[str, IndicatorDefinition],
    user: User,
    allowed_agency_ids: set[int] | None = None,
    source: ValueSource = ValueSource.MANUAL,
) -> ImportResult:
    """Check and write at once: for a value typed by hand, which the person sees as they
    type it. Files go through preview and confirmation instead (`dataset.pending`)."""
    checked = check_rows(board, rows, indicators=indicators, allowed_agency_ids=allowed_agency_ids)
    result = ImportResult(problems=checked.problems)
    if checked.problems:
        return result
    with transaction.atomic():
        for row in checked.rows:
            IndicatorValue.objects.update_or_create(
                board=board,
                indicator=row.indicator,
                period_label=row.period_label,
                defaults={
                    "period_end": row.period_end,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "agency_id": row.agency_id,
                    "source": source,
                    "entered_by": user,
                },
            )
            result.written += 1
    return result
