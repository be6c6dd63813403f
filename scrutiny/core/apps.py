from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "scrutiny.core"
    verbose_name = "Scrutiny shell"
