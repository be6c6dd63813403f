"""A child's characteristics as a statutory return carries them, put into the groups the
DfE's statistics use (library data: `library/reference/child-characteristics.yaml`).

Only the group is kept, never the code or the date of birth: `Traits` holds the ethnicity,
sex and disability groups and the birth date only while a file is being computed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[2] / "library" / "reference" / "child-characteristics.yaml"
NOT_KNOWN = "not-known"
UNBORN = "unborn"
DIMENSIONS = ("ethnicity", "sex", "age", "disability")


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    codes: tuple[str, ...]
    population: bool  # has a 0-17 population, so a rate per 10,000 of the group
    from_age: int | None


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    groups: tuple[Group, ...]

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)

    @property
    def population_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.population)


@cache
def dimensions() -> dict[str, Dimension]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {
        code: Dimension(
            code,
            raw[code]["label"],
            tuple(
                Group(
                    g["code"],
                    g["label"],
                    tuple(str(c) for c in g.get("codes", [])),
                    g.get("population", True),
                    g.get("from"),
                )
                for g in raw[code]["groups"]
            ),
        )
        for code in DIMENSIONS
    }


@cache
def _groups_by_code(dimension: str) -> dict[str, str]:
    """Each code's group (the first group that lists it)."""
    found: dict[str, str] = {}
    for group in dimensions()[dimension].groups:
        for code in group.codes:
            found.setdefault(code, group.code)
    return found


def _by_code(dimension: str, code: str | None, default: str = NOT_KNOWN) -> str:
    return _groups_by_code(dimension).get((code or "").strip().upper(), default)


def ethnicity_group(code: str | None) -> str:
    return _by_code("ethnicity", code)


def sex_group(code: str | None) -> str:
    return _by_code("sex", code)


def disability_group(codes: Iterable[str]) -> str:
    """Any disability code but NONE: disabled; only NONE: not disabled; none given: not
    recorded."""
    given = [c.strip().upper() for c in codes if c and c.strip()]
    if not given:
        return NOT_KNOWN
    return "not-disabled" if all(_by_code("disability", c, "") for c in given) else "disabled"


@cache
def _bands_by_age() -> tuple[str, ...]:
    """The age band of each age in whole years, up to the oldest band's first age (the
    last band listed that the age reaches)."""
    groups = [g for g in dimensions()["age"].groups if g.from_age is not None]
    oldest = max((g.from_age for g in groups if g.from_age is not None), default=0)
    return tuple(
        ([NOT_KNOWN] + [g.code for g in groups if g.from_age is not None and age >= g.from_age])[-1]
        for age in range(oldest + 1)
    )


def age_band(birth: datetime.date | None, day: datetime.date) -> str:
    """Age in whole years on `day` (a birthday counts from the day itself; 29 February from
    1 March in other years), in the DfE's bands; unborn if born after `day`."""
    if birth is None:
        return NOT_KNOWN
    if birth > day:
        return UNBORN
    # Not yet had this year's birthday: one born on 29 February has it on 1 March of a year
    # without one, since (2, 28) < (2, 29) <= (3, 1). (As `common.anniversary`, by comparing
    # month and day rather than building the date: 20,000 children make it count.)
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    bands = _bands_by_age()
    return bands[min(age, len(bands) - 1)]


@dataclass(frozen=True)
class Traits:
    """One child's groups (and birth date, for the age band on each day counted).
    `disability` is None when the return does not carry it (the 903)."""

    ethnicity: str = NOT_KNOWN
    sex: str = NOT_KNOWN
    birth: datetime.date | None = None
    disability: str | None = None

    def groups_on(self, day: datetime.date) -> list[tuple[str, str]]:
        groups = [
            ("ethnicity", self.ethnicity),
            ("sex", self.sex),
            ("age", age_band(self.birth, day)),
        ]
        if self.disability is not None:
            groups.append(("disability", self.disability))
        return groups


def count_groups(
    items: Iterable[tuple[str, datetime.date]], traits: Callable[[str], Traits]
) -> Counter[tuple[str, str]]:
    """How many of `items` (a child and the day it is counted on) fall in each group of each
    characteristic: the sum of their `groups_on`, counted by whole profile first and then
    spread over the groups, as a census has many children and few profiles."""
    profiles: Counter[tuple[str, str, str, str | None]] = Counter()
    bands = _bands_by_age()
    oldest = len(bands) - 1
    for child, day in items:
        t = traits(child)
        birth = t.birth
        if birth is None:
            band = NOT_KNOWN
        elif birth > day:
            band = UNBORN
        else:  # age_band, written out: 20,000 children make the call count
            age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
            band = bands[age if age < oldest else oldest]
        profiles[(t.ethnicity, t.sex, band, t.disability)] += 1
    counts: Counter[tuple[str, str]] = Counter()
    for (ethnicity, sex, band, disability), n in profiles.items():
        counts[("ethnicity", ethnicity)] += n
        counts[("sex", sex)] += n
        counts[("age", band)] += n
        if disability is not None:
            counts[("disability", disability)] += n
    return counts
