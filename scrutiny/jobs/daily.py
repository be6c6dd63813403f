"""The daily jobs: each management command that sends reminders, escalations, follow-ups and
monitoring requests runs as a job of kind `daily.<command>`, started by the runner's schedule
at SCRUTINY_DAILY_JOBS_AT. Each command is safe to run twice (it records what it sent and
sends nothing twice); the schedule also never starts one while the same one waits or runs,
and a lock keeps two workers from running the same command at once."""

from __future__ import annotations

import io

from django.core.management import call_command

from . import registry
from .models import Job, JobStatus

# (command, what it does). Each app owns its command; the schedule only names them.
DAILY_COMMANDS: list[tuple[str, str]] = [
    ("send_return_reminders", "Return reminders (due in a week, or overdue)"),
    ("escalate_challenges", "Challenge escalations"),
    ("send_action_reminders", "Overdue action reminders"),
    ("send_review_monitoring_requests", "Review monitoring requests"),
    ("send_training_follow_ups", "Training follow-up evaluations"),
    ("send_report_reminders", "Yearly report deadline reminders"),
    ("send_clock_reminders", "Statutory clock reminders (incidents, rapid and local reviews)"),
    ("tidy_jobs", "Tidying background jobs (stopped ones, held files)"),
]


def kind_of(command: str) -> str:
    return f"daily.{command}"


def _runner(command: str):
    def run(job: Job, progress: registry.Progress) -> registry.JobResult:
        from huey.contrib.djhuey import HUEY

        progress(0, 1, f"Running {command}")
        out = io.StringIO()
        with HUEY.lock_task(f"scrutiny.{command}"):
            call_command(command, stdout=out)
        return registry.JobResult(summary=out.getvalue().strip()[:1000])

    return run


_RUNNERS = {command: _runner(command) for command, _ in DAILY_COMMANDS}


def register_daily_jobs() -> None:
    for command, label in DAILY_COMMANDS:
        registry.register(kind_of(command), label, _RUNNERS[command], email_when_done=False)


def start_daily_jobs() -> list[Job]:
    """Start each daily job that is not already waiting or running."""
    from .services import start_job

    started = []
    for command, _ in DAILY_COMMANDS:
        kind = kind_of(command)
        if Job.objects.filter(kind=kind, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            continue
        started.append(start_job(kind, user=None))
    return started
