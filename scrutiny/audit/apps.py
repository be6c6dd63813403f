from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "scrutiny.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
