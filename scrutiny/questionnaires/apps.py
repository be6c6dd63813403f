from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "scrutiny.questionnaires"
    verbose_name = "Questionnaires"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Answer)
