from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "scrutiny.reviews"
    verbose_name = "Learning from reviews and child deaths"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Review, m2m_fields={"agencies"})
        auditlog.register(models.Recommendation, m2m_fields={"themes", "agencies"})
        auditlog.register(models.Dissemination, m2m_fields={"agencies"})
        auditlog.register(models.MonitoringCycle)
        auditlog.register(models.MonitoringRequest)
        auditlog.register(models.ChildDeath)

        from scrutiny.training.learning import register_learning_source

        from .services import learning_shared_on_course

        register_learning_source(learning_shared_on_course)

        from scrutiny.selfassessment.finders import register

        from .evidence import find_reviews

        register("reviews", "Case reviews", find_reviews)

        from scrutiny.findings.thematic import register_evidence_group

        from .services import review_of_recommendations

        register_evidence_group("reviews.recommendation", review_of_recommendations)

        from scrutiny.reports.framework import register_section_kind

        from . import report

        register_section_kind("reviews", report.gather)
        register_section_kind("review_recommendations", report.gather_recommendations)
