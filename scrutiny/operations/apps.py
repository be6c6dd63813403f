from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Scrutiny for real: the production server, health, request logs, backups."""

    name = "scrutiny.operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.core import serializers

        from . import checks  # noqa: F401 - registers the production checks
        from .serializer import FORMAT

        serializers.register_serializer(FORMAT, "scrutiny.operations.serializer")
