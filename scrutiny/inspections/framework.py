"""The inspection types, judgements and clocks, read from the library file named by
SCRUTINY_INSPECTIONS_FILE (scrutiny/library/statutory/inspections.yaml). Numbers are data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SCHEMA = "scrutiny.inspections/1"
CLOCKS = ("report_published", "statement_of_action")


@dataclass(frozen=True)
class ClockRule:
    code: str
    title: str
    working_days: int
    starts: str


@dataclass(frozen=True)
class Framework:
    types: tuple[tuple[str, str], ...]
    judgements: tuple[tuple[str, str], ...]
    clocks: dict[str, ClockRule]

    def type_label(self, code: str) -> str:
        return dict(self.types).get(code, code)

    def judgement_label(self, code: str) -> str:
        return dict(self.judgements).get(code, code)


def _read(path: Path) -> Framework:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("schema") != SCHEMA:
        raise ImproperlyConfigured(f"{path}: expected schema {SCHEMA}")
    clocks = {}
    for code in CLOCKS:
        entry = (data.get("clocks") or {}).get(code)
        if not entry or not isinstance(entry.get("working_days"), int):
            raise ImproperlyConfigured(f"{path}: clock {code} needs a whole number of working_days")
        clocks[code] = ClockRule(
            code, str(entry["title"]), entry["working_days"], str(entry.get("starts", ""))
        )
    return Framework(
        types=tuple((str(t["code"]), str(t["title"])) for t in data.get("types", [])),
        judgements=tuple((str(j["code"]), str(j["label"])) for j in data.get("judgements", [])),
        clocks=clocks,
    )


@cache
def _cached(path: str, mtime: float) -> Framework:
    return _read(Path(path))


def framework() -> Framework:
    path = Path(settings.SCRUTINY_INSPECTIONS_FILE)
    return _cached(str(path), path.stat().st_mtime)
