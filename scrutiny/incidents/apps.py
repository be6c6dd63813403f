from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "scrutiny.incidents"
    verbose_name = "Serious incidents, rapid reviews and local reviews"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.SeriousIncident)
        auditlog.register(models.RapidReview)
        auditlog.register(models.ContributionRequest)
        auditlog.register(models.LocalReview)
        auditlog.register(models.ClockReminder)

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import AgencyItem, BoardPanel, register_agency_item, register_panel

        from . import home

        register_panel(
            BoardPanel(
                "clocks",
                "Statutory clocks",
                15,
                "incidents:clocks",
                Permission.INCIDENTS_MANAGE,
                home.board_counts,
                lines=home.nearest_clocks,
            )
        )
        register_agency_item(
            AgencyItem(
                "rapid-review-requests",
                "Rapid reviews asking for your agency's information",
                15,
                home.agency_rows,
                home.contributions_url,
            )
        )
