"""SSDA903 (children looked after): episodes and missing spells, from the CSV tables or XML.

Each CSV table is recognised by its header columns, whatever the file is called
(`Episodes_2018.csv`, `SSDA903_2020_episodes.csv`); a file that is no 903 table is refused,
naming its columns. The CSVs name the child CHILD and date as dd/mm/yyyy; the XML names it
CHILDID and nests episodes and missing spells inside each child.

Children looked after at a date exclude those looked after only under an agreed series of
short-term breaks (legal status V3 or V4), as the DfE's figures do. Episodes and missing
spells given twice (two years' returns) count once: by child and start date.

Each indicator is also counted by the child's ethnicity (ETHNIC), sex (SEX) and age band
(DOB) from the header table or the XML's HEADER, for disproportionality (`characteristics`).
The 903 carries no disability.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .characteristics import Traits, ethnicity_group, sex_group
from .common import (
    REPORT_EVERY,
    Computation,
    FileProgress,
    ReturnFileError,
    calendar_quarters,
    first_child,
    local_name,
    no_cycle_collection,
    parse_date,
    rate_denominator,
    share_read,
    stream_xml,
    texts,
)

SHORT_TERM_BREAKS = frozenset({"V3", "V4"})
NOT_GIVEN = Traits()  # a child with no header row: every group not known (no disability)

# The columns that identify each 903 table (the DfE's names; a table may have more).
EPISODES = frozenset({"CHILD", "DECOM", "RNE", "LS", "DEC"})
MISSING = frozenset({"CHILD", "MISSING", "MIS_START"})
HEADER = frozenset({"CHILD", "SEX", "DOB", "ETHNIC"})
# Tables these indicators do not use: recognised, so that they are not refused.
OTHER_TABLES = {
    "reviews": frozenset({"CHILD", "REVIEW", "REVIEW_CODE"}),
    "uasc": frozenset({"CHILD", "DUC"}),
    "oc2": frozenset({"CHILD", "SDQ_SCORE"}),
    "oc3": frozenset({"CHILD", "IN_TOUCH"}),
    "ad1": frozenset({"CHILD", "DATE_INT", "DATE_MATCH"}),
    "placed_for_adoption": frozenset({"CHILD", "DATE_PLACED"}),
    "previous_permanence": frozenset({"CHILD", "PREV_PERM"}),
    "sw_episodes": frozenset({"CHILD", "SW_ID", "SW_DECOM"}),
    "DoLo": frozenset({"CHILD", "DOLO_START"}),
}


@dataclass(frozen=True)
class Episode:
    child: str
    start: datetime.date
    end: datetime.date | None
    legal_status: str


@dataclass
class LookedAfter:
    episodes: dict[tuple[str, datetime.date], Episode] = field(default_factory=dict)
    # (child, start) -> M (missing) or A (away without authorisation)
    missing: dict[tuple[str, datetime.date], str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    has_episodes: bool = False  # an episodes table (or XML) was among the files
    has_missing: bool = False
    traits: dict[str, Traits] = field(default_factory=dict)  # from the header table


def _header(
    result: LookedAfter, child: str | None, sex: str | None, dob: str | None, ethnic: str | None
) -> None:
    if child and child.strip():
        result.traits[child.strip()] = Traits(
            ethnicity=ethnicity_group(ethnic), sex=sex_group(sex), birth=parse_date(dob)
        )


def _csv_table(
    name: str, data: bytes, progress: FileProgress | None = None
) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The table's columns, and its rows one at a time (decoded as they are read, so a large
    table is never held as a list of rows), telling `progress` every REPORT_EVERY rows."""
    source = io.BytesIO(data)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _unreadable(name, exc) from exc
    reader.fieldnames = columns

    def rows() -> Iterator[dict[str, str]]:
        try:
            for n, row in enumerate(reader, start=1):
                yield row
                if progress is not None and n % REPORT_EVERY == 0:
                    progress(share_read(source), f"{n:,} rows")
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _unreadable(name, exc) from exc

    return columns, rows()


def _unreadable(name: str, exc: Exception) -> ReturnFileError:
    if isinstance(exc, UnicodeDecodeError):
        return ReturnFileError(f"{name} is not UTF-8 text")
    return ReturnFileError(f"{name} is not a readable CSV table: {exc}")


def _is_xml(data: bytes) -> bool:
    """UTF-8 (with or without a byte order mark) or UTF-16 starting with "<"."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or data.startswith(
        (b"\xff\xfe<\x00", b"\xfe\xff\x00<")
    )


@no_cycle_collection()
def read_903(
    files: list[tuple[str, bytes]],
    progress: Callable[[int], FileProgress | None] = lambda index: None,
) -> LookedAfter:
    """Read the episodes and missing tables (other 903 tables are recognised and not needed),
    or the 903 XML; `progress(i)` is what to tell how far the i-th file has been read."""
    result = LookedAfter()
    for index, (name, data) in enumerate(files):
        if _is_xml(data):
            _read_xml(name, data, result, progress(index))
            continue
        columns, rows = _csv_table(name, data, progress(index))
        have = set(columns)
        if have >= EPISODES:
            result.has_episodes = True
            for n, row in enumerate(rows, start=2):
                _episode(
                    result, f"{name} row {n}", row["CHILD"], row["DECOM"], row["DEC"], row["LS"]
                )
        elif have >= MISSING:
            result.has_missing = True
            for n, row in enumerate(rows, start=2):
                _missing(result, f"{name} row {n}", row["CHILD"], row["MISSING"], row["MIS_START"])
        elif have >= HEADER:
            for row in rows:
                _header(result, row["CHILD"], row["SEX"], row["DOB"], row["ETHNIC"])
        elif not any(have >= needed for needed in OTHER_TABLES.values()):
            raise ReturnFileError(
                f"{name} is not an SSDA903 table: its columns are "
                f"{', '.join(columns) or '(none)'}. An episodes table has "
                f"{', '.join(sorted(EPISODES))}; a missing table has {', '.join(sorted(MISSING))}"
            )
    if not result.has_episodes and not result.has_missing:
        raise ReturnFileError(
            "No episodes or missing table was among the files: include the episodes table "
            "(columns CHILD, DECOM, LS, DEC …), the missing table or the 903 XML"
        )
    return result


def _read_xml(
    name: str, data: bytes, result: LookedAfter, progress: FileProgress | None = None
) -> None:
    children, source = 0, io.BytesIO(data)
    for tag, element in stream_xml(name, data, {"CHILD"}, source):
        if tag == "root":
            if local_name(element.tag) != "EXPSSDA903":
                raise ReturnFileError(
                    f"{name} is not a 903 XML file (its root is {local_name(element.tag)}, "
                    "not EXPSSDA903)"
                )
            result.has_episodes = result.has_missing = True
            continue
        children += 1
        header = texts(first_child(element, "HEADER"))
        child_id = header.get("CHILDID")
        _header(result, child_id, header.get("SEX"), header.get("DOB"), header.get("ETHNIC"))
        where = f"{name} child {child_id}"
        for part in element.iter("EPISODE", "AMISSING"):  # one pass for both
            fields = texts(part)
            if part.tag == "EPISODE":
                _episode(
                    result,
                    where,
                    child_id,
                    fields.get("DECOM"),
                    fields.get("DEC"),
                    fields.get("LS"),
                )
            else:
                _missing(result, where, child_id, fields.get("MISSING"), fields.get("MIS_START"))
        if progress is not None and children % REPORT_EVERY == 0:
            progress(share_read(source), f"{children:,} children")


def _episode(
    result: LookedAfter,
    where: str,
    child: str | None,
    start: str | None,
    end: str | None,
    legal_status: str | None,
) -> None:
    began, ended = parse_date(start), parse_date(end)
    if not child or began is None or (ended is not None and ended < began):
        result.skipped.append(
            f"{where}: an episode with no child, no start date or an end before its start"
        )
        return
    key = (child.strip(), began)
    kept = result.episodes.get(key)
    # The same episode in a later year's return may have gained its end date.
    if kept is None or (kept.end is None and ended is not None):
        result.episodes[key] = Episode(key[0], began, ended, (legal_status or "").strip())


def _missing(
    result: LookedAfter, where: str, child: str | None, kind: str | None, start: str | None
) -> None:
    began = parse_date(start)
    code = (kind or "").strip()
    if not child or began is None or code not in ("M", "A"):
        result.skipped.append(f"{where}: a missing spell with no child, start date or M/A code")
        return
    result.missing[(child.strip(), began)] = code


def looked_after_on(data: LookedAfter, day: datetime.date) -> set[str]:
    """Children with an episode open at the end of `day` whose legal status is not a
    short-term break (V3/V4)."""
    return {
        e.child
        for e in data.episodes.values()
        if e.start <= day
        and (e.end is None or e.end > day)
        and e.legal_status not in SHORT_TERM_BREAKS
    }


def compute(data: LookedAfter, year_start: datetime.date, population: int | None) -> Computation:
    """For each quarter of the collection year (April to March): missing episodes (code M:
    missing, not 'away without authorisation') and children looked after at the quarter end.
    An indicator whose table was not among the files is listed as not covered, never 0."""
    result = Computation(skipped=list(data.skipped))
    year_end = datetime.date(year_start.year + 1, 3, 31)
    children = rate_denominator(population)

    def traits(child: str) -> Traits:
        return data.traits.get(child, NOT_GIVEN)

    for q in calendar_quarters(year_start, year_end):
        result.periods.append(q.label)
        if data.has_missing:
            spells = sorted(
                (child, d)
                for (child, d), kind in data.missing.items()
                if kind == "M" and q.holds(d)
            )
            result.add("missing-episodes", q.label, len(spells), None)
            result.add_breakdown("missing-episodes", q.label, spells, None, traits)
        else:
            result.not_covered.append(
                (q.label, "missing episodes: no missing table (or 903 XML) among the files")
            )
        if not data.has_episodes:
            result.not_covered.append(
                (q.label, "children looked after: no episodes table (or 903 XML) among the files")
            )
        elif children:
            looked_after = [(child, q.end) for child in sorted(looked_after_on(data, q.end))]
            result.add("lac-rate", q.label, len(looked_after), children)
            result.add_breakdown("lac-rate", q.label, looked_after, None, traits)
    return result
