from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "scrutiny.access"
    verbose_name = "Access control"
