from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "scrutiny.findings"
    verbose_name = "Findings"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from scrutiny.tenancy.models import Board

        from . import models, signals

        auditlog.register(models.Finding)
        auditlog.register(models.Theme)
        post_save.connect(
            signals.give_new_boards_the_library_themes,
            sender=Board,
            dispatch_uid="findings_seed_themes",
        )
