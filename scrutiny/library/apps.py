from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "scrutiny.library"
    verbose_name = "Framework library"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.FrameworkTemplate)
        post_migrate.connect(_load_shipped_library, sender=self)


def _load_shipped_library(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """First run: load the library files that ship with Scrutiny (loaded ones are skipped)."""
    from .loader import load_library_files, shipped_library_files

    load_library_files(shipped_library_files(), using=using)
