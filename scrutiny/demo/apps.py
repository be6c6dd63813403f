from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "scrutiny.demo"
    verbose_name = "Demo region"
