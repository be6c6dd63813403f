from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "scrutiny.reports"
    verbose_name = "Annual report and board pack"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.AnnualReport, exclude_fields=["figures"])
        auditlog.register(models.NarrativeSection)
        for model in [
            models.ReportSettings,
            models.Signatory,
            models.Approval,
            models.Acknowledgement,
            models.Publication,
            models.Dispatch,
            models.DeadlineReminder,
        ]:
            auditlog.register(model)

        from .sections import register_built_in_kinds

        register_built_in_kinds()

        from .jobs import register_jobs

        register_jobs()

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import BoardPanel, register_panel

        from . import home

        register_panel(
            BoardPanel(
                "report",
                "Annual report",
                50,
                "reports:list",
                Permission.REPORTS_MANAGE,
                home.board_counts,
                empty="",
                lines=home.progress,
            )
        )
