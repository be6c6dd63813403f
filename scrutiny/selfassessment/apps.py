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

        from scrutiny.governance.services import register_agenda_annotator

        from .services import attach_standing_summaries

        register_agenda_annotator("self_assessment", attach_standing_summaries)

        from scrutiny.reports.framework import register_section_kind

        from .report import gather

        register_section_kind("self_assessment", gather)
