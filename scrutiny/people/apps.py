from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "scrutiny.people"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.RoleAssignment)
