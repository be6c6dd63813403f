import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.actions.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = "Email owners about their overdue actions (at most weekly each). Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        sent = send_overdue_reminders(date or timezone.localdate())
        self.stdout.write(f"{sent} owner(s) reminded of overdue actions.")
