from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LibraryConfig(AppConfig):
    name = "scrutiny.library"
    verbose_name = "Framework library"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Loading a file creates a template's contents in bulk, recorded by the template's own
        # entry (its checksum names the file's exact text); later edits are audited row by row.
        for model in [
            models.FrameworkTemplate,
            models.TemplateSection,
            models.TemplateQuestion,
            models.RatingScale,
            models.ScaleLevel,
            models.TemplateSubject,
            models.IndicatorDefinition,
        ]:
            auditlog.register(model)
        post_migrate.connect(_load_shipped_library, sender=self)


def _load_shipped_library(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """First run: load the library files that ship with Scrutiny (loaded ones are skipped)."""
    from .loader import load_library_files, shipped_library_files

    load_library_files(shipped_library_files(), using=using)
