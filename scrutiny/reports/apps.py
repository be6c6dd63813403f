from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "scrutiny.reports"
    verbose_name = "Annual report and board pack"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.AnnualReport, exclude_fields=["figures"])
        auditlog.register(models.NarrativeSection)
