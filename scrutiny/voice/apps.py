from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "scrutiny.voice"
    verbose_name = "Voice of children, young people and staff"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [models.EngagementActivity, models.FeedbackForm, models.FeedbackSubmission]:
            auditlog.register(model)

        from scrutiny.selfassessment.finders import register

        from .evidence import find_engagement

        register("engagement", "Engagement with children and staff", find_engagement)

        from scrutiny.actions.impact import register as register_measure

        from .impact import FeedbackMeasures

        register_measure(FeedbackMeasures())

        from scrutiny.reports.framework import register_section_kind

        from .report import gather

        register_section_kind("voice", gather)
