"""SSDA903 (children looked after): episodes and missing episodes, from the CSV tables or XML.

The CSVs name the child CHILD and date as dd/mm/yyyy; the XML names it CHILDID and nests
episodes and missing spells inside each child.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from .common import (
    Computation,
    ReturnFileError,
    calendar_quarters,
    parse_date,
    parse_xml,
    rate_denominator,
    text_of,
)


@dataclass
class LookedAfter:
    episodes: list[tuple[str, datetime.date, datetime.date | None]] = field(default_factory=list)
    missing: list[tuple[str, str, datetime.date]] = field(
        default_factory=list
    )  # child, M or A, start
    skipped: list[str] = field(default_factory=list)


def _csv_rows(name: str, data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReturnFileError(f"{name} is not UTF-8 text") from exc
    return list(csv.DictReader(io.StringIO(text)))


def read_903(files: list[tuple[str, bytes]]) -> LookedAfter:
    """Read episodes.csv and missing.csv (other tables are ignored), or a 903 XML file."""
    result = LookedAfter()
    for name, data in files:
        lower = name.lower()
        if lower.endswith(".xml"):
            _read_xml(name, data, result)
        elif lower.endswith("episodes.csv"):
            for n, row in enumerate(_csv_rows(name, data), start=2):
                _episode(
                    result, f"{name} row {n}", row.get("CHILD"), row.get("DECOM"), row.get("DEC")
                )
        elif lower.endswith("missing.csv"):
            for n, row in enumerate(_csv_rows(name, data), start=2):
                _missing(
                    result,
                    f"{name} row {n}",
                    row.get("CHILD"),
                    row.get("MISSING"),
                    row.get("MIS_START"),
                )
        elif lower.endswith(".csv"):
            continue  # header, reviews, oc2 and the rest hold nothing these indicators use
        else:
            raise ReturnFileError(f"{name} is not a 903 CSV table or XML file")
    if not result.episodes and not result.missing:
        raise ReturnFileError(
            "No episodes or missing spells were found: include episodes.csv (or the 903 XML)"
        )
    return result


def _read_xml(name: str, data: bytes, result: LookedAfter) -> None:
    root = parse_xml(name, data)
    if root.tag != "EXPSSDA903":
        raise ReturnFileError(
            f"{name} is not a 903 XML file (its root is {root.tag}, not EXPSSDA903)"
        )
    for child in root.iter("CHILD"):
        child_id = text_of(child.find("HEADER"), "CHILDID")
        for episode in child.iter("EPISODE"):
            _episode(
                result,
                f"{name} child {child_id}",
                child_id,
                text_of(episode, "DECOM"),
                text_of(episode, "DEC"),
            )
        for spell in child.iter("AMISSING"):
            _missing(
                result,
                f"{name} child {child_id}",
                child_id,
                text_of(spell, "MISSING"),
                text_of(spell, "MIS_START"),
            )


def _episode(
    result: LookedAfter, where: str, child: str | None, start: str | None, end: str | None
) -> None:
    began, ended = parse_date(start), parse_date(end)
    if not child or began is None or (ended is not None and ended < began):
        result.skipped.append(
            f"{where}: an episode with no child, no start date or an end before its start"
        )
        return
    result.episodes.append((child.strip(), began, ended))


def _missing(
    result: LookedAfter, where: str, child: str | None, kind: str | None, start: str | None
) -> None:
    began = parse_date(start)
    if not child or began is None or (kind or "").strip() not in ("M", "A"):
        result.skipped.append(f"{where}: a missing spell with no child, start date or M/A code")
        return
    result.missing.append((child.strip(), kind.strip(), began))  # type: ignore[union-attr]


def compute(data: LookedAfter, year_start: datetime.date, population: int | None) -> Computation:
    """For each quarter of the collection year (April to March): missing episodes (code M:
    missing, not 'away without authorisation') and children looked after at the quarter end."""
    result = Computation(skipped=list(data.skipped))
    year_end = datetime.date(year_start.year + 1, 3, 31)
    children = rate_denominator(population)
    for q in calendar_quarters(year_start, year_end):
        result.add(
            "missing-episodes",
            q.label,
            sum(1 for _, kind, d in data.missing if kind == "M" and q.holds(d)),
            None,
        )
        if children:
            looked_after = {
                c for c, s, e in data.episodes if s <= q.end and (e is None or e > q.end)
            }
            result.add("lac-rate", q.label, len(looked_after), children)
    return result
