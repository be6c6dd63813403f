"""Report structures: which sections a yearly report has, in what order, under what headings.

They are library files (`scrutiny/library/report_structures/*.yaml`, versioned like the other
frameworks); a board chooses one (`ReportSettings.structure_code`) and each report version
keeps the structure it was started with. Code knows section kinds (`framework`), not lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .framework import UnknownSectionKind, section_kind

SCHEMA = "scrutiny.library.report-structure/1"
FOLDER = Path(__file__).resolve().parent.parent / "library" / "report_structures"
DEFAULT_STRUCTURE = "regional-annual-report-2013"


class StructureError(ValueError):
    pass


@dataclass(frozen=True)
class StructureSection:
    key: str
    kind: str
    title: str
    hint: str = ""
    requirement: str = ""
    required: bool = False

    @property
    def narrative_only(self) -> bool:
        return self.kind == "narrative"

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "hint": self.hint,
            "requirement": self.requirement,
            "required": self.required,
        }


@dataclass(frozen=True)
class Structure:
    code: str
    version: int
    title: str
    source: str
    sections: tuple[StructureSection, ...]

    def section(self, key: str) -> StructureSection | None:
        return next((s for s in self.sections if s.key == key), None)


def _parse(path: Path) -> Structure:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise StructureError(f"{path.name}: schema must be {SCHEMA}")
    sections = []
    for item in raw.get("sections") or []:
        try:
            sections.append(
                StructureSection(
                    key=item["key"],
                    kind=item["kind"],
                    title=item["title"],
                    hint=item.get("hint", ""),
                    requirement=" ".join(str(item.get("requirement", "")).split()),
                    required=bool(item.get("required", False)),
                )
            )
        except KeyError as missing:
            raise StructureError(f"{path.name}: a section has no {missing}") from None
    keys = [s.key for s in sections]
    if not sections or len(set(keys)) != len(keys):
        raise StructureError(f"{path.name}: sections must be given, each key once")
    return Structure(
        code=raw["code"],
        version=int(raw["version"]),
        title=raw["title"],
        source=raw.get("source", ""),
        sections=tuple(sections),
    )


@cache
def all_structures() -> dict[tuple[str, int], Structure]:
    found = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        structure = _parse(path)
        found[(structure.code, structure.version)] = structure
    return found


def check_kinds(structure: Structure) -> list[str]:
    """Sections naming a kind no app registered (the library test runs this on every file)."""
    problems = []
    for s in structure.sections:
        try:
            section_kind(s.kind)
        except UnknownSectionKind:
            problems.append(f"{structure.code} v{structure.version}: {s.key} has kind {s.kind}")
    return problems


def structure(code: str, version: int | None = None) -> Structure:
    versions = [s for (c, _), s in all_structures().items() if c == code]
    if version is not None:
        versions = [s for s in versions if s.version == version]
    if not versions:
        raise StructureError(f"No report structure {code} (version {version or 'any'})")
    return max(versions, key=lambda s: s.version)


def structure_choices() -> list[tuple[str, str]]:
    latest: dict[str, Structure] = {}
    for (code, _), s in all_structures().items():
        if code not in latest or s.version > latest[code].version:
            latest[code] = s
    return [(code, s.title) for code, s in sorted(latest.items())]
