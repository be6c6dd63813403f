from typing import Any

from django.core.management.base import BaseCommand

from scrutiny.jobs.services import purge_uploads


class Command(BaseCommand):
    help = "Delete files held for background jobs that failed over a day ago. Run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_uploads()} failed job(s) had their held files deleted.")
