from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "scrutiny.reports"
    verbose_name = "Annual report and board pack"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.AnnualReport, exclude_fields=["figures"])
        auditlog.register(models.NarrativeSection)
        for model in [
            models.ReportSettings,
            models.Signatory,
            models.Approval,
            models.Acknowledgement,
            models.Publication,
            models.Dispatch,
            models.DeadlineReminder,
        ]:
            auditlog.register(model)

        from .sections import register_built_in_kinds

        register_built_in_kinds()
