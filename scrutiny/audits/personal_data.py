"""Warnings when text looks like it names or identifies someone. Case references must be
pseudonymous; free text should not hold names, dates of birth or addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass

REFERENCE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9/_-]{2,29}$")
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
_BORN = re.compile(r"\b(?:born|d\.?o\.?b\.?|date of birth)\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b\d+[a-z]?\s+[A-Z][a-z]+\s+(?:Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace)\b"
)
_TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Master)\.?\s+[A-Z][a-z]+")
_TWO_NAMES = re.compile(r"\b[A-Z][a-z]{2,}\s+[A-Z][a-z]{2,}\b")
# Words that start sentences or name services: a capitalised pair starting with one is not a name.
_NOT_FIRST_NAMES = {
    "The",
    "This",
    "That",
    "These",
    "There",
    "When",
    "Where",
    "What",
    "Which",
    "While",
    "Their",
    "Children",
    "Police",
    "Health",
    "School",
    "Social",
    "Early",
    "Child",
    "Youth",
    "Team",
    "Family",
    "Mental",
    "Local",
    "Multi",
    "Section",
    "Initial",
    "Review",
    "Strategy",
    "Case",
}
# Capitalised pairs that are ordinary in case notes, not names.
_ALLOWED_PAIRS = {
    "Social Care",
    "Children's Services",
    "Early Help",
    "Child Protection",
    "Youth Justice",
    "Police Protection",
    "Health Visitor",
    "School Nurse",
    "Section Eleven",
    "Team Manager",
}


def reference_problem(reference: str) -> str | None:
    """Why a case reference is not acceptable, or None."""
    if not REFERENCE.match(reference.strip()):
        return (
            "Use the pseudonymous case reference: 3 to 30 letters, numbers, - or /, with at "
            "least one number (for example AUD-2026-014). Never a name"
        )
    return None


@dataclass(frozen=True)
class Flag:
    """Words in a text that look like one kind of identifying detail."""

    kind: str  # "a date of birth", "an address", "a name"
    words: tuple[str, ...]

    def describe(self) -> str:
        quoted = " and ".join(f"“{w}”" for w in self.words)
        return f"{quoted} {'looks' if len(self.words) == 1 else 'look'} like {self.kind}"


def _unique(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.strip() for w in words))


def identifying_flags(text: str) -> list[Flag]:
    """The words in `text` that may identify a child or family member, by kind, in the order
    date of birth, address, name; empty when nothing looks identifying."""
    flags = []
    dates = [m.group(0) for m in _DATE.finditer(text)] + [m.group(0) for m in _BORN.finditer(text)]
    if dates:
        flags.append(Flag("a date of birth", _unique(dates)))
    addresses = [*_POSTCODE.finditer(text), *_STREET.finditer(text)]
    if addresses:
        flags.append(Flag("an address", _unique([m.group(0) for m in addresses])))

    def in_address(match: re.Match[str]) -> bool:  # "Acacia Avenue" is a street, not a name
        return any(a.start() <= match.start() and match.end() <= a.end() for a in addresses)

    names = [m.group(0) for m in _TITLE_NAME.finditer(text)]
    names += [
        m.group(0)
        for m in _TWO_NAMES.finditer(text)
        if m.group(0) not in _ALLOWED_PAIRS
        and m.group(0).split()[0] not in _NOT_FIRST_NAMES
        and not in_address(m)
    ]
    if names:
        flags.append(Flag("a name", _unique(names)))
    return flags


def describe_flags(flags: list[Flag]) -> str:
    """“Mrs Brown” looks like a name; “12 Acacia Avenue” looks like an address."""
    return "; ".join(flag.describe() for flag in flags)


def personal_data_warnings(text: str) -> list[str]:
    """Plain-language warnings for text that may identify a child or family member."""
    return [f"it may contain {flag.kind}" for flag in identifying_flags(text)]
