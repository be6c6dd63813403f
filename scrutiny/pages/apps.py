from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "scrutiny.pages"
    verbose_name = "Foundation pages"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The first visit is logged; later visits only move `seen_at`, which is not.
        auditlog.register(models.BoardVisit, exclude_fields=["seen_at"])
