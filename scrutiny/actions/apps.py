from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutiny.actions"
    verbose_name = "Action tracker"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Action, m2m_fields={"boards"})
        auditlog.register(models.ActionUpdate)
        auditlog.register(models.ActionEvidence, exclude_fields=["file"])
        auditlog.register(models.OverdueReminder, m2m_fields={"actions"})
        auditlog.register(models.ImpactMeasure)

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import (
            AgencyItem,
            BoardPanel,
            NewsItem,
            register_agency_item,
            register_news,
            register_panel,
        )

        from . import home

        register_panel(
            BoardPanel(
                "actions",
                "Overdue actions by agency",
                30,
                "actions:tracker",
                Permission.ACTIONS_VIEW_ALL,
                home.board_counts,
                empty="No agency has an overdue action.",
            )
        )
        register_agency_item(
            AgencyItem("actions", "Actions to update", 20, home.agency_rows, home.to_update_url)
        )
        register_news(
            NewsItem("actions.action", "actions raised", "actions:tracker", count=home.added_since)
        )
