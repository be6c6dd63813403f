"""Shared pieces for statutory returns: safe XML, dates in both formats, calendar months
and financial years. (Working days: `scrutiny.core.workingdays`.)"""

from __future__ import annotations

import datetime
import gc
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeAlias

from lxml import etree

from .characteristics import Traits, count_groups


class ReturnFileError(ValueError):
    """A statutory return that cannot be read, with a message naming the file and reason."""


def local_name(tag: object) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


# A record's element: lxml's `_Element` (tag, text, iter and find as in ElementTree). lxml
# ships no type information that mypy reads here, so to mypy it is Any.
Element: TypeAlias = Any


def _drop_namespaces(element: Element) -> None:  # the CIN schema has none; some tools add one
    for e in element.iter():
        e.tag = local_name(e.tag)


def _declares_document_type(name: str) -> ReturnFileError:
    return ReturnFileError(
        f"{name} declares a document type or entities, which statutory returns never need; "
        "it was not read"
    )


def _refuse_document_type(name: str, element: Element) -> None:
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _declares_document_type(name)


# How a declaration starts, in the encodings an XML file may be in (to explain a file that
# libxml2 stopped reading, such as one whose entities would grow a thousandfold).
_DECLARATIONS = tuple(
    text.encode(encoding)
    for text in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def share_read(source: io.BytesIO) -> float:
    """How much of a file its reader has taken in, from 0 to 1."""
    return min(source.tell() / max(len(source.getbuffer()), 1), 1.0)


# How far a reader is through one file: the share of its bytes read (0 to 1) and what it
# has read, in words ("9,000 children"). Called every REPORT_EVERY records.
FileProgress = Callable[[float, str], None]
REPORT_EVERY = 1_000


def stream_xml(
    name: str,
    data: bytes,
    records: set[str],
    source: io.BytesIO | None = None,
) -> Iterator[tuple[str, Element]]:
    """Yield ("root", element) for the root (before any record; only its tag is to be
    read), then each complete element whose tag is in `records` (in any namespace, which is
    dropped), and free it once the caller has moved on: a whole-file tree is never built, so
    a census of 20,000 children holds the XML of one child at a time.

    Parsed by libxml2 (lxml's `iterparse`, in C) with entities never expanded, no DTD
    loaded, nothing fetched from the network and libxml2's limits on depth and text size
    kept; a file that declares a document type (and so any entity) is refused at its first
    record, or at its end if it has none, before anything is read from it. Statutory returns
    never need either. `source`, a stream of `data` the caller made, tells it how far the
    parser has read (`share_read`)."""
    source = source or io.BytesIO(data)
    events = etree.iterparse(
        source,
        events=("end",),
        tag=[f"{{*}}{record}" for record in sorted(records)],
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    root_seen = False
    try:
        for _, element in events:
            if not root_seen:
                _refuse_document_type(name, element)
                root_seen = True
                yield "root", element.getroottree().getroot()
            if "}" in element.tag:
                _drop_namespaces(element)
            yield element.tag, element
            element.clear(keep_tail=False)  # freed: the parent keeps no trace of what was read
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        if not root_seen:
            _refuse_document_type(name, events.root)
            yield "root", events.root
    except etree.XMLSyntaxError as exc:
        if any(declaration in data for declaration in _DECLARATIONS):
            raise _declares_document_type(name) from exc
        raise ReturnFileError(f"{name} is not well-formed XML: {exc}") from exc


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Read a return with Python's cyclic garbage collector paused (as a decorator of the
    reader). Reading a large census makes hundreds of thousands of small objects and no
    reference cycles, and the collector, set off again and again by the allocations, walked
    the growing heap each time: a quarter of the reading time. Reference counting frees
    everything as usual; the collector resumes afterwards (unless it was already paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_date(text: str | None) -> datetime.date | None:
    """xs:date (2024-03-31) or dd/mm/yyyy (903 CSVs and XML); None if blank or unreadable.
    (Read by hand rather than with strptime, which is ten times slower on a large census.)"""
    if not text:
        return None
    if len(text) == 10:  # most dates, at once (as below, without stripping and splitting)
        try:
            if text[4] == "-":
                return datetime.date.fromisoformat(text)
            if text[2] == "/" == text[5]:
                return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            return None
    text = text.strip()[:10]
    if not text:
        return None
    try:
        if "/" in text:
            day, month, year = text.split("/")
            if len(year) != 4:
                return None
            return datetime.date(int(year), int(month), int(day))
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def parse_bool(text: str | None) -> bool | None:
    """true/false and 1/0 both occur."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None


def text_of(element: Element | None, tag: str) -> str | None:
    """The text of `element`'s first child called `tag`, as `element.findtext(tag)` gives it
    (None where there is none or it is empty)."""
    found = first_child(element, tag)
    return found.text if found is not None else None


def first_child(element: Element | None, tag: str) -> Element | None:
    """`element.find(tag)` without lxml's path parser: 20,000 children make it count."""
    if element is None:
        return None
    return next(element.iterchildren(tag), None)


def texts(element: Element | None) -> dict[str, str | None]:
    """The text of each child of `element` by tag (the first of each tag, as `text_of`
    gives it), in one pass over them: reading a record's several fields one `find` at a
    time took most of a census's reading time."""
    if element is None:
        return {}
    return {child.tag: child.text for child in reversed(element)}


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later: 1 March 2023 -> 1 March 2024 (366 days, over 29
    February). A 29 February falls on 1 March in a year without one, as an age does in
    English law (Family Law Reform Act 1969, s. 9)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def financial_year_label(start_year: int) -> str:
    """2024 -> "2024-25", the label `dataset.periods.parse_period(label, "year")` reads."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class Quarter:
    label: str
    start: datetime.date
    end: datetime.date

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def calendar_quarters(first: datetime.date, last: datetime.date) -> list[Quarter]:
    """The whole calendar quarters lying within first..last."""
    quarters = []
    year, q = first.year, (first.month - 1) // 3 + 1
    while True:
        start = datetime.date(year, 3 * q - 2, 1)
        end = (datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - datetime.timedelta(
            days=1
        )
        if start > last:
            return quarters
        if start >= first and end <= last:
            quarters.append(Quarter(f"{year} Q{q}", start, end))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


@dataclass
class Computed:
    indicator: str
    period: str
    numerator: Decimal
    denominator: Decimal | None


# A child counted by an indicator, and the day it is counted on (its age is taken then).
Item = tuple[str, datetime.date]


@dataclass(frozen=True)
class GroupCount:
    """An indicator's numerator (and denominator, when the return counts it) for the
    children of one group: ethnicity, sex, age band or disability (disproportionality)."""

    indicator: str
    period: str
    dimension: str
    group: str
    numerator: int
    denominator: int | None  # None: a count, or a rate whose denominator is the population


@dataclass
class Computation:
    values: list[Computed] = field(default_factory=list)
    breakdowns: list[GroupCount] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # records left out, with the reason
    # Periods the files were measured for, and periods they do not fully cover (label, reason).
    periods: list[str] = field(default_factory=list)
    not_covered: list[tuple[str, str]] = field(default_factory=list)
    area: str = ""  # the LA number the files are from (the CIN census's LEA), if they say
    # The groups of each list of children counted for the period being added (by the list's
    # identity, with the list kept so that no other list takes its address): a quarter's
    # referrals are the denominator of two indicators and the numerator of a third.
    _counted: dict[int, tuple[list[Item], Counter[tuple[str, str]]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _counted_period: str = field(default="", repr=False, compare=False)

    def add(
        self, indicator: str, period: str, numerator: int, denominator: int | Decimal | None
    ) -> None:
        self.values.append(
            Computed(
                indicator,
                period,
                Decimal(numerator),
                None if denominator is None else Decimal(denominator),
            )
        )

    def add_breakdown(
        self,
        indicator: str,
        period: str,
        counted: Iterable[Item],
        out_of: Iterable[Item] | None,
        traits: Callable[[str], Traits],
    ) -> None:
        """Count `counted` (and `out_of`, the denominator's children, for a percentage) by
        each group of each characteristic the return carries. Every child falls in one
        group of each, so each characteristic's groups add up to the indicator's figure."""
        if period != self._counted_period:  # a list is counted again only within its period
            self._counted, self._counted_period = {}, period
        numerators = self._groups(counted, traits)
        denominators = None if out_of is None else self._groups(out_of, traits)
        for dimension, group in sorted(set(numerators) | set(denominators or ())):
            key = (dimension, group)
            self.breakdowns.append(
                GroupCount(
                    indicator,
                    period,
                    dimension,
                    group,
                    numerators[key],
                    None if denominators is None else denominators[key],
                )
            )

    def _groups(
        self, items: Iterable[Item], traits: Callable[[str], Traits]
    ) -> Counter[tuple[str, str]]:
        """`count_groups`, once for each list of the period (a list given to `add_breakdown`
        is not changed afterwards, and one computation has one `traits`)."""
        if not isinstance(items, list):
            return count_groups(items, traits)
        kept = self._counted.get(id(items))
        if kept is None or kept[0] is not items:
            kept = self._counted[id(items)] = (items, count_groups(items, traits))
        return kept[1]


def rate_denominator(population: int | None) -> Decimal | None:
    return Decimal(population) if population else None


def count(items: Iterable[object]) -> int:
    return sum(1 for _ in items)
