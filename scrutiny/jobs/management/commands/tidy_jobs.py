from typing import Any

from django.core.management.base import BaseCommand

from scrutiny.jobs.services import mark_stale_jobs_failed, purge_uploads


class Command(BaseCommand):
    help = (
        "Record as failed the jobs a stopped worker left running, and delete files held for "
        "jobs that failed over a day ago. Run daily (the job runner's schedule does)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = mark_stale_jobs_failed()
        purged = purge_uploads()
        self.stdout.write(
            f"{stale} job(s) left running recorded as failed; "
            f"{purged} failed job(s) had their held files deleted."
        )
