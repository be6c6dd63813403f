from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "scrutiny.findings"
    verbose_name = "Findings"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Finding)
