from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "scrutiny.returns"
    verbose_name = "Agency returns"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.AgencyReturn,
            models.ReturnRequest,
            models.ReturnChallenge,
            models.ChallengeSession,
            models.EvidenceFile,
            models.Inspection,
            models.ReturnEvent,
            models.ReturnReminder,
        ]:
            auditlog.register(model)
