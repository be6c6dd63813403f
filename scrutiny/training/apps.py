from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "scrutiny.training"
    verbose_name = "Multi-agency training"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.TrainingProgramme,
            models.Course,
            models.TrainingSession,
            models.Booking,
            models.EvaluationInvitation,
            models.Evaluation,
        ]:
            auditlog.register(model)

        from scrutiny.selfassessment.finders import register

        from .evidence import find_courses

        register("training", "Training courses", find_courses)

        from scrutiny.actions.impact import register as register_measure

        from .impact_measures import TrainingFollowUpMeasures

        register_measure(TrainingFollowUpMeasures())

        from scrutiny.reports.framework import register_section_kind

        from .report import gather

        register_section_kind("training", gather)
