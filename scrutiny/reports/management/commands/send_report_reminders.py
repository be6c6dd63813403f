import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.reports.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Remind report writers before each yearly-report deadline (each once). Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        sent = send_deadline_reminders(date or timezone.localdate())
        self.stdout.write(f"{sent} yearly-report reminder(s) sent.")
