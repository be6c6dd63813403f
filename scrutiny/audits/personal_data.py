"""Warnings when text looks like it names or identifies someone. Case references must be
pseudonymous; free text should not hold names, dates of birth or addresses."""

from __future__ import annotations

import re

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


def personal_data_warnings(text: str) -> list[str]:
    """Plain-language warnings for text that may identify a child or family member."""
    warnings = []
    if _DATE.search(text) or _BORN.search(text):
        warnings.append("it may contain a date of birth")
    if _POSTCODE.search(text) or _STREET.search(text):
        warnings.append("it may contain an address")
    pairs = [
        m.group(0)
        for m in _TWO_NAMES.finditer(text)
        if m.group(0) not in _ALLOWED_PAIRS and m.group(0).split()[0] not in _NOT_FIRST_NAMES
    ]
    if _TITLE_NAME.search(text) or pairs:
        warnings.append("it may contain a name")
    return warnings
