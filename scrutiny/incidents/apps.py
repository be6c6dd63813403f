from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "scrutiny.incidents"
    verbose_name = "Serious incidents, rapid reviews and local reviews"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.SeriousIncident)
        auditlog.register(models.RapidReview)
        auditlog.register(models.ContributionRequest)
        auditlog.register(models.LocalReview)
        auditlog.register(models.ClockReminder)
