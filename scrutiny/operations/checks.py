"""Checks that stop the production server starting with a setting nobody chose.

They carry the `production` tag and run on `check --deploy` and before `serve` starts
gunicorn; development commands (migrate, runserver, the tests) are not held up by them.
"""

from django.conf import settings
from django.core.checks import Error, register

PRODUCTION = "production"
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@register(PRODUCTION, deploy=True)
def email_backend_chosen(app_configs=None, **kwargs) -> list[Error]:
    """Mail written to files in production is mail nobody receives: only if asked for."""
    if settings.DEBUG or settings.EMAIL_BACKEND != FILE_EMAIL_BACKEND:
        return []
    if settings.SCRUTINY_EMAIL_BACKEND_CHOSEN:
        return []
    return [
        Error(
            f"Email would be written to files in {settings.EMAIL_FILE_PATH} instead of being sent.",
            hint=(
                "Set SCRUTINY_EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend "
                "with SCRUTINY_EMAIL_HOST), or SCRUTINY_ALLOW_FILE_EMAIL=true to keep mail in "
                "files on purpose."
            ),
            id="operations.E001",
        )
    ]


@register(PRODUCTION, deploy=True)
def not_debug(app_configs=None, **kwargs) -> list[Error]:
    """The production server never shows tracebacks to the public."""
    if not settings.DEBUG:
        return []
    return [
        Error(
            "SCRUTINY_DEBUG is on: the production server would show error details to anyone.",
            hint="Unset SCRUTINY_DEBUG (./bin/serve without --production is the development "
            "server).",
            id="operations.E002",
        )
    ]
