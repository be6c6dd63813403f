"""Start, run, retry and report on jobs. Views and the schedule call `start_job`; the worker
calls `run_job`. Nothing here imports a source app: kinds come from the registry."""

from __future__ import annotations

import datetime
import logging
import traceback
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import registry, uploads
from .models import Job, JobStatus

if TYPE_CHECKING:
    from scrutiny.people.models import User
    from scrutiny.tenancy.models import Board, Region

log = logging.getLogger("scrutiny.jobs")


class NotRetryable(Exception):
    pass


def start_job(
    kind: str,
    *,
    user: User | None,
    board: Board | None = None,
    region: Region | None = None,
    params: dict[str, Any] | None = None,
    reuse_recent: bool = False,
) -> Job:
    """Record a job and hand it to the runner (once the current transaction commits, so the
    worker finds the record). The person starting it is on its page from now on: the start
    counts as their first look at its progress.

    With `reuse_recent`, the same person asking again for the same build (kind, board, region
    and params) within SCRUTINY_JOB_REUSE_SECONDS gets the job already waiting, running or done
    instead of a second one (a double click, or the file asked for twice); a failed one is not
    reused."""
    registry.get(kind)  # refuse an unknown kind here, not in the worker
    now = timezone.now()
    if region is None and board is not None:
        region = board.region
    if reuse_recent and user is not None:
        found = recent_job(kind, user=user, board=board, region=region, params=params or {})
        if found is not None:
            if not found.finished:
                note_poll(found)
            return found
    job = Job.objects.create(
        kind=kind,
        board=board,
        region=region,
        started_by=user,
        params=params or {},
        last_polled_at=now if user is not None else None,
    )
    _enqueue(job)
    return job


def recent_job(
    kind: str,
    *,
    user: User,
    board: Board | None,
    region: Region | None,
    params: dict[str, Any],
    now: datetime.datetime | None = None,
) -> Job | None:
    """The newest job of this person for the same build, started within
    SCRUTINY_JOB_REUSE_SECONDS and not failed (params compared as values, so their key order
    does not matter on any database)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.SCRUTINY_JOB_REUSE_SECONDS)
    candidates = Job.objects.filter(
        kind=kind,
        board=board,
        region=region,
        started_by=user,
        created_at__gte=since,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE],
    ).order_by("-created_at", "-pk")
    return next((job for job in candidates if job.params == params), None)


def _enqueue(job: Job) -> None:
    from huey.contrib.djhuey import HUEY

    from .tasks import run_job_task

    if HUEY.immediate:  # the test suite's default: run now, inside this request
        run_job_task(job.pk)
    else:
        transaction.on_commit(lambda: run_job_task(job.pk))


def retry(job: Job) -> Job:
    """Queue a failed job again, from the start (every handler is safe to run twice)."""
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        error="",
        progress_done=0,
        progress_total=0,
        progress_message="",
        started_at=None,
        finished_at=None,
        emailed_at=None,
    )
    if not claimed:
        raise NotRetryable("Only a failed job can be retried")
    job.refresh_from_db()
    _enqueue(job)
    return job


def _progress_writer(job: Job):
    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            progress_done=max(0, done), progress_total=max(0, total), progress_message=message[:200]
        )

    return progress


def run_job(job_id: int) -> str:
    """Run one job in the worker: claim it (queued -> running), call its kind's handler,
    record done with its result or failed with the reason. A job that is not queued (already
    run, or being run by another worker) is left alone, so a task delivered twice runs once."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("board__region", "region", "started_by").get(pk=job_id)
    try:
        kind = registry.get(job.kind)
        outcome = kind.handler(job, _progress_writer(job)) or registry.JobResult()
    except Exception as exc:  # any failure is recorded on the job, with its reason
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.refresh_from_db()
        job.status = JobStatus.FAILED
        job.error = _reason(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        _email_if_left(job)
        return "failed"
    job.refresh_from_db()
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.progress_done = job.progress_total = max(job.progress_total, 1)
    job.result = {
        key: value
        for key, value in {
            "summary": outcome.summary,
            "next": outcome.next_url,
            "next_label": outcome.next_label,
            "problems": outcome.problems,
            "problem_title": outcome.problem_title,
            "back": outcome.back_url,
        }.items()
        if value
    }
    fields = ["status", "finished_at", "progress_done", "progress_total", "result"]
    uploads.discard(job.params.get("held_files", []))  # done with them, whatever was found
    if outcome.file_name:
        job.result_file.save(outcome.file_name, ContentFile(outcome.file_content), save=False)
        job.result_file_name = outcome.file_name
        job.result["content_type"] = outcome.content_type
        fields += ["result_file", "result_file_name"]
    job.save(update_fields=fields)
    _email_if_left(job)
    return "done"


def _reason(exc: Exception) -> str:
    """The exception and where it was raised: enough for the business manager to report it,
    nothing from the request (jobs hold ids, never a child's details)."""
    where = traceback.extract_tb(exc.__traceback__)[-1:]
    place = f" (in {where[0].name}, {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno})"
    return f"{type(exc).__name__}: {exc}"[:900] + (place if where else "")


def note_poll(job: Job) -> None:
    """The starter is looking at the job's page: they will see the result there."""
    Job.objects.filter(pk=job.pk).update(last_polled_at=timezone.now())


def left_the_page(job: Job, now: datetime.datetime | None = None) -> bool:
    """Whether the starter stopped looking: no look at its page for longer than
    SCRUTINY_JOB_EMAIL_AFTER_SECONDS (the page asks every SCRUTINY_JOB_POLL_SECONDS)."""
    if job.last_polled_at is None:
        return True
    now = now or timezone.now()
    gone = datetime.timedelta(seconds=settings.SCRUTINY_JOB_EMAIL_AFTER_SECONDS)
    return now - job.last_polled_at > gone


def _email_if_left(job: Job) -> None:
    person = job.started_by
    kind = registry.find(job.kind)
    if person is None or not person.is_active or (kind is not None and not kind.email_when_done):
        return
    if not left_the_page(job):
        return
    # Claim the email: a job finishing twice (a retry) emails again, but never twice at once.
    if not Job.objects.filter(pk=job.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return
    link = settings.SITE_URL.rstrip("/") + reverse("jobs:job", args=[job.pk])
    context = {"job": job, "link": link, "person": person}
    subject = f"{job.label}: {'done' if job.status == JobStatus.DONE else 'failed'}"
    send_mail(
        subject,
        render_to_string("jobs/email/finished.txt", context),
        None,
        [person.email],
    )


def mark_stale_jobs_failed(now: datetime.datetime | None = None) -> int:
    """A job still running SCRUTINY_JOB_STALE_HOURS after it started lost its worker (the
    machine stopped mid-job): record it as failed, so the business manager sees it and can
    retry it. Safe to run twice."""
    now = now or timezone.now()
    before = now - datetime.timedelta(hours=settings.SCRUTINY_JOB_STALE_HOURS)
    stale = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=before)
    count = 0
    for job in stale:
        job.status = JobStatus.FAILED
        job.error = (
            f"The worker stopped while this was running (still running "
            f"{settings.SCRUTINY_JOB_STALE_HOURS} hours after it started)."
        )
        job.finished_at = now
        job.save(update_fields=["status", "error", "finished_at"])
        count += 1
    return count


def purge_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the files held for jobs that failed longer ago than SCRUTINY_JOB_UPLOAD_HOURS
    (a retry after that asks for the file again). Safe to run twice."""
    now = now or timezone.now()
    before = now - datetime.timedelta(hours=settings.SCRUTINY_JOB_UPLOAD_HOURS)
    purged = 0
    for job in Job.objects.filter(
        status=JobStatus.FAILED, finished_at__lt=before, params__has_key="held_files"
    ):
        uploads.discard(job.params["held_files"])
        job.params = {k: v for k, v in job.params.items() if k != "held_files"}
        job.save(update_fields=["params"])
        purged += 1
    return purged


def failed_jobs(board: Board):
    return (
        Job.objects.filter(board=board, status=JobStatus.FAILED)
        .select_related("started_by")
        .order_by("-finished_at", "-pk")
    )
