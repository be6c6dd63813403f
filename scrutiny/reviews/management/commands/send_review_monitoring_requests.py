import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scrutiny.reviews.services import send_monitoring_requests


class Command(BaseCommand):
    help = (
        "A month before each review-monitoring meeting, email each agency its outstanding "
        "review actions to update. Run daily from a scheduler; nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="act as if today were this date"
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        run = send_monitoring_requests(date or timezone.localdate())
        self.stdout.write(f"{run.sent} request(s) sent.")
        if run.no_recipient:
            self.stdout.write("No one to ask at: " + ", ".join(run.no_recipient))
