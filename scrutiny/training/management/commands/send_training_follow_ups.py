import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.training.services import send_follow_ups


class Command(BaseCommand):
    help = "Email the three-month follow-up evaluation to training attendees. Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        run = send_follow_ups(date or timezone.localdate())
        self.stdout.write(f"{run.sent} follow-up evaluation(s) sent.")
