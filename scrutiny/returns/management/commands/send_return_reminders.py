import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.returns.reminders import send_return_reminders


class Command(BaseCommand):
    help = "Email agency leads about returns due soon or overdue. Run daily from a scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        run = send_return_reminders(date or timezone.localdate())
        self.stdout.write(
            f"{run.sent} reminder(s) sent; "
            f"{run.skipped_no_lead} return(s) have no agency lead to remind."
        )
