from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Scrutiny for real: the production server, health, request logs, backups."""

    name = "scrutiny.operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the production checks
