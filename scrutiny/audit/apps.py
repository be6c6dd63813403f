from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "scrutiny.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from scrutiny.core.concurrency import read_saves_with

        from . import receivers  # noqa: F401
        from .history import saves_since

        read_saves_with(saves_since)
