from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "scrutiny.plan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.Priority,
            models.Objective,
            models.Measure,
            models.Milestone,
            models.Risk,
        ]:
            auditlog.register(model)
