from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny.operations.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write one archive holding the database and every uploaded file, with checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write (must not exist)")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            summary = write_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {summary.rows} database rows and {summary.files} files to "
            f"{summary.path} ({summary.size:,} bytes)."
        )
