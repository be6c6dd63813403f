from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutiny.governance"
    verbose_name = "Meetings and governance"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.Group,
            models.Member,
            models.Meeting,
            models.AgendaItem,
            models.Attendance,
            models.Decision,
        ]:
            auditlog.register(model)
