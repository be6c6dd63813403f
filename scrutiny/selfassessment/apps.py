from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "scrutiny.selfassessment"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import evidence, models

        for model in [
            models.SelfAssessment,
            models.Revision,
            models.EvidenceLink,
            models.StandingItem,
        ]:
            auditlog.register(model)
        evidence.register_built_in_finders()

        from scrutiny.reports.framework import register_section_kind

        from .report import gather

        register_section_kind("self_assessment", gather)
