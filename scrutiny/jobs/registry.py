"""Kinds of job, registered by each app from its `AppConfig.ready()`:

    from scrutiny.jobs.registry import register
    register("dataset.import", "Checking a data-set file", parse_import)

A handler is called as `handler(job, progress)` in the worker; it reads `job.params`, calls
`progress(done, total, message)` as it goes, and returns the result (a `JobResult`). It must be
safe to run twice: a retried job runs again from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[int, int, str], None]


@dataclass
class JobResult:
    summary: str = ""
    next_url: str = ""  # a page to go on to (the import's preview)
    next_label: str = ""
    problems: list[str] = field(default_factory=list)  # what was wrong with the person's file
    problem_title: str = ""
    back_url: str = ""  # where to try again after problems
    file_name: str = ""  # a file to download: its name and bytes
    file_content: bytes = b""
    content_type: str = ""


Handler = Callable[["Job", Progress], JobResult | None]


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    handler: Handler
    email_when_done: bool = True  # the schedule's daily jobs email nobody


_KINDS: dict[str, Kind] = {}


def register(kind: str, label: str, handler: Handler, *, email_when_done: bool = True) -> None:
    if kind in _KINDS and _KINDS[kind].handler is not handler:
        raise ValueError(f"A job kind called {kind} is already registered")
    _KINDS[kind] = Kind(kind, label, handler, email_when_done)


def get(kind: str) -> Kind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"No job kind called {kind} is registered") from None


def find(kind: str) -> Kind | None:
    return _KINDS.get(kind)


def label_of(kind: str) -> str:
    found = _KINDS.get(kind)
    return found.label if found else kind


def kinds() -> list[str]:
    return sorted(_KINDS)
