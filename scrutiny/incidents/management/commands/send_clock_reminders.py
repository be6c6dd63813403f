import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.incidents.reminders import send_clock_reminders


class Command(BaseCommand):
    help = (
        "Email the chair, business manager (and, for a contribution, the agency's leads) "
        "before each statutory deadline of serious incidents and reviews, and once when it "
        "passes. Never sends the same reminder twice. Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        sent = send_clock_reminders(date or timezone.localdate())
        self.stdout.write(f"{sent} statutory clock reminder(s) sent.")
