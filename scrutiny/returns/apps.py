from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "scrutiny.returns"
    verbose_name = "Agency returns"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.AgencyReturn,
            models.ReturnRequest,
            models.ReturnChallenge,
            models.ChallengeSession,
            models.EvidenceFile,
            models.Inspection,
            models.ReturnEvent,
            models.ReturnReminder,
        ]:
            auditlog.register(model)

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
                "returns", "Returns", 10, "returns:list", Permission.RETURNS_VIEW, home.board_counts
            )
        )
        register_agency_item(
            AgencyItem("returns", "Returns to complete", 10, home.agency_rows, home.to_complete_url)
        )
        register_news(
            NewsItem("returns.returnrequest", "returns asked for", "returns:list", "?period=all")
        )
