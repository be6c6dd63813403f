from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "scrutiny.dataset"
    verbose_name = "Common data set"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.IndicatorValue)
        auditlog.register(models.Target)
        auditlog.register(models.NationalFigure)
        auditlog.register(models.StatisticalNeighbour)
