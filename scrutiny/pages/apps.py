from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "scrutiny.pages"
    verbose_name = "Foundation pages"
