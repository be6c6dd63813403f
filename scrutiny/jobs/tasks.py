"""The runner's tasks (huey). One task runs any job by its id; the schedule starts the daily
jobs once a day at SCRUTINY_DAILY_JOBS_AT (the worker's local time, Europe/London).

`python -m scrutiny run_huey` is the worker and the scheduler (see README "Run it for real")."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import daily, services

DAILY_HOUR, DAILY_MINUTE = settings.SCRUTINY_DAILY_JOBS_AT


@db_task(name="scrutiny.run_job")
def run_job_task(job_id: int) -> str:
    return services.run_job(job_id)


@db_periodic_task(
    crontab(minute=str(DAILY_MINUTE), hour=str(DAILY_HOUR)), name="scrutiny.daily_jobs"
)
def daily_jobs_task() -> list[int]:
    return [job.pk for job in daily.start_daily_jobs()]
