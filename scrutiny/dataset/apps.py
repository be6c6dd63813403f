from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "scrutiny.dataset"
    verbose_name = "Common data set"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from scrutiny.library.signals import template_version_loaded

        from . import models, versions

        template_version_loaded.connect(versions.on_template_version_loaded)

        auditlog.register(models.IndicatorValue)
        auditlog.register(models.Target)
        auditlog.register(models.NationalFigure)
        auditlog.register(models.StatisticalNeighbour)
        auditlog.register(models.Breakdown)
        auditlog.register(models.Population)
        auditlog.register(models.LocalAuthority)

        from scrutiny.actions.impact import register

        from .impact import IndicatorMeasures

        register(IndicatorMeasures())

        from .jobs import register_jobs

        register_jobs()

        from scrutiny.plan.links import register_finding_sources

        from .findings import priority_finding_sources

        register_finding_sources(priority_finding_sources)
