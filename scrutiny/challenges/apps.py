from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "scrutiny.challenges"
    verbose_name = "Challenge log"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Challenge)
        auditlog.register(models.Escalation)
