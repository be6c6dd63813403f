from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "scrutiny.audits"
    verbose_name = "Case-file audits"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.Audit,
            models.AuditTeamMember,
            models.AuditCase,
            models.Moderation,
            models.Interview,
            models.CaseAuditor,
        ]:
            auditlog.register(model)

        from scrutiny.actions.impact import register

        from .impact import ReauditMeasures

        register(ReauditMeasures())

        from scrutiny.plan.links import register_priority_links, register_private_source

        from .access import sees_every_audit, visible_audits

        register_priority_links(
            "audits",
            lambda request, board, priority: visible_audits(request, board).filter(
                priority=priority
            ),
        )
        register_private_source(models.Audit, visible_audits, sees_every_audit)
