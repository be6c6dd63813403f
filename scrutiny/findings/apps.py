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

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import BoardPanel, register_panel

        from .lists import improvements_without_actions

        # Counted across every source, so shown to those who read every audit's findings.
        register_panel(
            BoardPanel(
                "findings",
                "Findings without actions",
                32,
                "findings:list",
                Permission.AUDITS_VIEW,
                improvements_without_actions,
            )
        )
        post_save.connect(
            signals.give_new_boards_the_library_themes,
            sender=Board,
            dispatch_uid="findings_seed_themes",
        )
