"""Files a page hands to a job (an uploaded spreadsheet or statutory return): held in the file
store (so a worker on another server reads them) under a random name, never the person's own
file name, and deleted when the job is done. A failed job keeps them for a retry until the
daily `tidy_jobs` removes them (SCRUTINY_JOB_UPLOAD_HOURS after it finished)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PREFIX = "jobs/uploads"


class HeldFileGone(Exception):
    def __init__(self) -> None:
        super().__init__(
            "The uploaded file is no longer held (kept a day after a failure); upload it again"
        )


def hold(files: list[tuple[str, bytes]]) -> list[dict[str, str]]:
    """Store the files for a job; returns what goes in its params under `held_files`."""
    folder = f"{PREFIX}/{uuid.uuid4().hex}"
    return [
        {"name": name, "path": default_storage.save(f"{folder}/{number}", ContentFile(data))}
        for number, (name, data) in enumerate(files, start=1)
    ]


def read(held: list[dict[str, str]]) -> list[tuple[str, bytes]]:
    out = []
    for item in held:
        if not item["path"].startswith(PREFIX + "/") or not default_storage.exists(item["path"]):
            raise HeldFileGone
        with default_storage.open(item["path"], "rb") as handle:
            out.append((item["name"], handle.read()))
    return out


def discard(held: list[dict[str, str]]) -> None:
    for item in held:
        if item["path"].startswith(PREFIX + "/"):
            default_storage.delete(item["path"])
