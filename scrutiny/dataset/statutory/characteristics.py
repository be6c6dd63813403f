"""A child's characteristics as a statutory return carries them, put into the groups the
DfE's statistics use (library data: `library/reference/child-characteristics.yaml`).

Only the group is kept, never the code or the date of birth: `Traits` holds the ethnicity,
sex and disability groups and the birth date only while a file is being computed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .common import anniversary

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


def _by_code(dimension: str, code: str | None, default: str = NOT_KNOWN) -> str:
    value = (code or "").strip().upper()
    for group in dimensions()[dimension].groups:
        if value in group.codes:
            return group.code
    return default


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


def age_band(birth: datetime.date | None, day: datetime.date) -> str:
    """Age in whole years on `day` (a birthday counts from the day itself; 29 February from
    1 March in other years), in the DfE's bands; unborn if born after `day`."""
    if birth is None:
        return NOT_KNOWN
    if birth > day:
        return UNBORN
    age = day.year - birth.year
    if anniversary(birth, age) > day:
        age -= 1
    band = NOT_KNOWN
    for group in dimensions()["age"].groups:
        if group.from_age is not None and age >= group.from_age:
            band = group.code
    return band


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
