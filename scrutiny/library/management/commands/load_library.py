from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny.library.loader import LibraryError, load_library_files, shipped_library_files


class Command(BaseCommand):
    help = "Load framework library YAML files (default: the library that ships with Scrutiny)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="library files to load")

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        try:
            result = load_library_files(files or shipped_library_files())
        except LibraryError as exc:
            raise CommandError(
                "Nothing was loaded. Fix these problems and try again:\n" + str(exc)
            ) from exc
        for template in result.loaded:
            self.stdout.write(f"loaded {template.code} v{template.version}: {template.title}")
        for template in result.unchanged:
            self.stdout.write(f"unchanged {template.code} v{template.version}")
