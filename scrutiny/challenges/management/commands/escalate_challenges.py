import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.challenges.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate challenges that have had no response by their due date. Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        run = escalate_overdue(date or timezone.localdate())
        self.stdout.write(f"{len(run.escalated)} challenge(s) escalated.")
