"""The statutory clocks: their numbers come from library YAML (settings
`SCRUTINY_STATUTORY_CLOCKS_FILE`), their counting from the one working-day function."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from scrutiny.core.workingdays import add_working_days, working_days

SCHEMA = "scrutiny.clocks/1"
# The clocks code knows how to start and stop; the file gives each its length.
KNOWN = {
    "panel_notification": "working_days",
    "ofsted_notification": "working_days",
    "rapid_review": "working_days",
    "agency_contribution": "working_days",
    "lcspr_final_report": "months",
    "lcspr_publication_notice": "working_days_before",
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months on; the month's last day where it is shorter
    (31 August + 6 months is 28 February)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class ClockRule:
    key: str
    title: str
    unit: str  # working_days, months, working_days_before
    length: int
    starts: str

    def deadline(self, start: datetime.date) -> datetime.date:
        if self.unit == "working_days":
            return add_working_days(start, self.length)
        if self.unit == "working_days_before":
            return add_working_days(start, -self.length)
        return add_months(start, self.length)

    @property
    def length_words(self) -> str:
        unit = {"working_days": "working days", "months": "months"}.get(
            self.unit, "working days before"
        )
        return f"{self.length} {unit}"


def _load(path: Path) -> dict[str, ClockRule]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImproperlyConfigured(f"Statutory clocks file {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ImproperlyConfigured(f"{path}: expected schema: {SCHEMA}")
    clocks = data.get("clocks") or {}
    rules: dict[str, ClockRule] = {}
    for key, unit in KNOWN.items():
        entry = clocks.get(key)
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{path}: the clock {key} is missing")
        length = entry.get(unit)
        if not isinstance(length, int) or isinstance(length, bool) or length < 1:
            raise ImproperlyConfigured(f"{path}: {key} needs {unit}: a whole number above 0")
        rules[key] = ClockRule(
            key, str(entry.get("title") or key), unit, length, str(entry.get("starts", ""))
        )
    unknown = set(clocks) - set(KNOWN)
    if unknown:
        raise ImproperlyConfigured(f"{path}: unknown clocks {', '.join(sorted(unknown))}")
    return rules


@cache
def _rules_for(path: str) -> dict[str, ClockRule]:
    return _load(Path(path))


def rule(key: str) -> ClockRule:
    return _rules_for(str(settings.SCRUTINY_STATUTORY_CLOCKS_FILE))[key]


class Rag:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class Clock:
    """One running clock: what must happen, by when, for which record."""

    key: str  # unique for the event: "incident-3-panel_notification"
    rule: ClockRule
    what: str  # "Notify the Panel of SI 2026/01"
    deadline: datetime.date
    url: str
    agency_id: int | None = None  # a contribution request: the agency asked
    contribute_url: str = ""  # ...and where its leads give the contribution

    def working_days_left(self, today: datetime.date) -> int:
        """Working days from today to the deadline; negative once it has passed."""
        if today <= self.deadline:
            return working_days(today, self.deadline)
        return -working_days(self.deadline, today)

    def rag(self, today: datetime.date) -> str:
        if today > self.deadline:
            return Rag.RED
        if self.working_days_left(today) <= settings.SCRUTINY_CLOCK_AMBER_WORKING_DAYS:
            return Rag.AMBER
        return Rag.GREEN


RAG_WORDS = {Rag.RED: "Passed", Rag.AMBER: "Due soon", Rag.GREEN: "On track"}
RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.GREEN: "govuk-tag--green",
}


def clock_row(clock: Clock, today: datetime.date) -> dict:
    """What a page shows of a clock: deadline, working days left, RAG colour and word."""
    rag = clock.rag(today)
    left = clock.working_days_left(today)
    return {
        "clock": clock,
        "left": left,
        "past": -left if left < 0 else 0,
        "rag": rag,
        "word": RAG_WORDS[rag],
        "tag_class": RAG_TAG_CLASSES[rag],
    }
