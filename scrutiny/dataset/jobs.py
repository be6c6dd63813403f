"""The heavy half of an import, run as a job: read the rows of a data-set spreadsheet, or
parse the statutory returns and compute the indicators from them, check every row, and hold
the checked rows for the uploader's preview (`pending.stage`). The page that took the upload
did only the cheap checks (size, archive) and goes to the job's page, which shows the
progress and then takes the uploader to the preview, or lists the problems."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.urls import reverse

from scrutiny.access.permissions import Permission, agency_ids_led, has_permission
from scrutiny.jobs import uploads
from scrutiny.jobs.models import Job
from scrutiny.jobs.registry import JobResult, Progress, register
from scrutiny.library.models import IndicatorDefinition
from scrutiny.tenancy.models import Agency, Board

from . import pending
from .board_data import current_data_set
from .importer import check_rows, read_rows
from .models import ValueSource
from .statutory.service import (
    ReturnFileError,
    check_computation,
    compute_903,
    compute_cin,
    notes_of,
)

IMPORT = "dataset.import"
STATUTORY = "dataset.statutory"


class NoDataSet(Exception):
    def __init__(self) -> None:
        super().__init__("The data set is not loaded")


def indicators() -> QuerySet[IndicatorDefinition]:
    data_set = current_data_set()
    if data_set is None:
        raise NoDataSet
    return data_set.indicators.all()


def enterable(user, board: Board) -> tuple[QuerySet[IndicatorDefinition], set[int] | None]:
    """Indicators this person may enter, and the agencies they may enter for (None: any)."""
    every = indicators()
    if has_permission(user, Permission.DATA_ENTER, board=board, agency=None):
        return every, None
    led = agency_ids_led(user, board)
    types = set(Agency.objects.filter(pk__in=led).values_list("agency_type", flat=True))
    codes = [i.code for i in every if set(i.reported_by) & types]
    return every.filter(code__in=codes), led


def sha256_of(files: list[tuple[str, bytes]]) -> str:
    """One digest of several files, in the order given."""
    digest = hashlib.sha256()
    for _, data in files:
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _problems(title: str, problems: list[str], back: str) -> JobResult:
    return JobResult(
        problems=problems,
        problem_title=f"{title}: {len(problems)} problem" + ("s" if len(problems) != 1 else ""),
        back_url=back,
    )


def _preview(board: Board, held) -> JobResult:
    return JobResult(
        summary=f"{len(held.rows)} value{'s' if len(held.rows) != 1 else ''} checked.",
        next_url=reverse("dataset:import_preview", args=[board.slug, held.pk]),
        next_label="Check the import",
    )


def run_import(job: Job, progress: Progress) -> JobResult:
    board, user = job.board, job.started_by
    back = reverse("dataset:import", args=[board.slug])
    progress(0, 3, "Reading the file")
    files = uploads.read(job.params["held_files"])
    (name, data) = files[0]
    try:
        rows = read_rows(name, data)
    except ValueError as exc:
        return _problems("Nothing was imported", [str(exc)], back)
    progress(1, 3, f"Checking {len(rows)} row{'s' if len(rows) != 1 else ''}")
    allowed_indicators, allowed = enterable(user, board)
    checked = check_rows(
        board,
        rows,
        indicators={i.code: i for i in allowed_indicators},
        allowed_agency_ids=allowed,
        file=name,
    )
    if checked.problems:
        return _problems("Nothing was imported", [str(p) for p in checked.problems], back)
    progress(2, 3, "Holding the checked values for your preview")
    held = pending.stage(
        board,
        user,
        checked.rows,
        source=ValueSource.IMPORT,
        file_names=[name],
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return _preview(board, held)


# Reading each file shows as this many steps on the job's page, one for each tenth of it
# read (a 20,000-child census takes seconds), then computing and checking one step each.
STEPS_PER_FILE = 10


def run_statutory(job: Job, progress: Progress) -> JobResult:
    board, user, params = job.board, job.started_by, job.params
    back = reverse("dataset:statutory", args=[board.slug])
    files = uploads.read(params["held_files"])
    reading = len(files) * STEPS_PER_FILE
    total = reading + 2
    progress(0, total, "Reading the returns")

    def read_so_far(files_read: float, message: str) -> None:
        progress(min(int(files_read * STEPS_PER_FILE), reading), total, message)

    try:
        if params["kind"] == "cin":
            computation = compute_cin(files, params.get("population"), progress=read_so_far)
            source = ValueSource.CIN
        else:
            computation = compute_903(
                files, params["year"], params.get("population"), progress=read_so_far
            )
            source = ValueSource.SSDA903
    except ReturnFileError as exc:
        return _problems("Nothing was saved", [str(exc)], back)
    progress(reading + 1, total, "Checking the computed values")
    names = [name for name, _ in files]
    check = check_computation(
        board,
        computation,
        indicators={i.code: i for i in indicators()},
        file=f"Values computed from {', '.join(names)}",
    )
    problems = [str(p) for p in check.checked.problems]
    if problems:
        return _problems("Nothing was saved", problems, back)
    held = pending.stage(
        board,
        user,
        check.checked.rows,
        source=source,
        file_names=names,
        sha256=sha256_of(files),
        notes=notes_of(check),
    )
    return _preview(board, held)


def register_jobs() -> None:
    register(IMPORT, "Checking a data-set file", run_import)
    register(STATUTORY, "Computing the data set from statutory returns", run_statutory)
