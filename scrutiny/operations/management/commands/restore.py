from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into a freshly migrated, empty database and an empty file "
        "store; a damaged archive or a target holding data is refused before anything changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by `backup`")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            summary = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {summary.rows} database rows and {summary.files} files from {summary.path}."
        )
