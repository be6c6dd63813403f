from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "scrutiny.tenancy"
    verbose_name = "Regions, boards and agencies"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Region)
        auditlog.register(models.Board)
        auditlog.register(models.Agency)
        auditlog.register(models.BoardAgency)
