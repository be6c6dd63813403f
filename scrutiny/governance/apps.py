from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutiny.governance"
    verbose_name = "Meetings and governance"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.Group,
            models.Member,
            models.Meeting,
            models.AgendaItem,
            models.Attendance,
            models.Decision,
        ]:
            auditlog.register(model)

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import BoardPanel, NewsItem, register_news, register_panel

        from . import home

        register_panel(
            BoardPanel(
                "meetings",
                "Meetings",
                40,
                "governance:meetings",
                Permission.GOVERNANCE_MANAGE,
                home.board_counts,
                lines=home.next_meetings,
            )
        )
        register_news(NewsItem("governance.meeting", "meetings arranged", "governance:meetings"))
