from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "scrutiny.inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [models.Inspection, models.Judgement, models.ReportFile]:
            auditlog.register(model)
