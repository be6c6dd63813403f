from django.apps import AppConfig


class RegionalConfig(AppConfig):
    name = "scrutiny.regional"
    verbose_name = "Regional library and report"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Resource, exclude_fields=["extracted_text"])

        from scrutiny.selfassessment.finders import register_resources

        from .library import resources_for_criterion

        register_resources(resources_for_criterion)

        from .jobs import register_jobs

        register_jobs()
