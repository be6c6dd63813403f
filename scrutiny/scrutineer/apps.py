from django.apps import AppConfig


class ScrutineerConfig(AppConfig):
    name = "scrutiny.scrutineer"
    verbose_name = "Independent scrutiny"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.ScrutinyPlan,
            models.PlannedActivity,
            models.SharedRecord,
            models.ScrutinyChallenge,
            models.Statement,
        ]:
            auditlog.register(model)
