from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "scrutiny.challenges"
    verbose_name = "Challenge log"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Challenge)
        auditlog.register(models.Escalation)

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
                "challenges",
                "Challenges",
                20,
                "challenges:list",
                Permission.CHALLENGE_MANAGE,
                home.board_counts,
            )
        )
        register_agency_item(
            AgencyItem(
                "challenges", "Challenges to answer", 30, home.agency_rows, home.to_answer_url
            )
        )
        register_news(
            NewsItem("challenges.challenge", "challenges raised", "challenges:list", "?show=all")
        )
