from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutiny.actions"
    verbose_name = "Action tracker"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Action, m2m_fields={"boards"})
        auditlog.register(models.ActionUpdate)
        auditlog.register(models.ActionEvidence, exclude_fields=["file"])
        auditlog.register(models.OverdueReminder, m2m_fields={"actions"})
        auditlog.register(models.ImpactMeasure)
