from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "scrutiny.partnership"
    verbose_name = "The partnership"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Partner)
        auditlog.register(models.RelevantAgency, m2m_fields={"owed_audits"})
        auditlog.register(models.DocumentVersion)
        auditlog.register(models.DocumentSignature)
        auditlog.register(models.Contribution)

        from scrutiny.access.permissions import Permission
        from scrutiny.pages.home import BoardPanel, register_panel

        from . import home

        register_panel(
            BoardPanel(
                "partnership",
                "The partnership",
                12,
                "partnership:documents",
                Permission.PARTNERSHIP_MANAGE,
                home.board_counts,
                empty="Nothing awaits sign-off or review, and every partner has a named lead.",
            )
        )
