"""`python -m scrutiny serve`: the production server (gunicorn), after the production checks.

Static files are collected first (unless --no-collectstatic) and served by whitenoise, so
no separate web server is needed for them; a reverse proxy (deploy/nginx) terminates TLS.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from scrutiny.operations.checks import PRODUCTION


class ScrutinyServer(BaseApplication):
    """Gunicorn configured from Django settings instead of a gunicorn.conf.py."""

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:  # gunicorn 25+; Scrutiny needs none
            self.cfg.set("control_socket_disable", True)

    def load(self):
        from scrutiny.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Scrutiny in production with gunicorn (workers, bind and timeout from settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            help="address to listen on, host:port or unix:PATH (default SCRUTINY_SERVER_BIND)",
        )
        parser.add_argument("--workers", type=int, help="default SCRUTINY_SERVER_WORKERS")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collectstatic (when the static files were collected at install)",
        )

    def handle(
        self,
        *args: Any,
        bind: list[str] | None,
        workers: int | None,
        no_collectstatic: bool,
        **options: Any,
    ) -> None:
        # Refuse to start on a setting nobody chose (file email, DEBUG): raises CommandError.
        self.check(tags=[PRODUCTION], include_deployment_checks=True, display_num_errors=True)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        ScrutinyServer(
            {
                "bind": bind or settings.SERVER_BIND,
                "workers": workers or settings.SERVER_WORKERS,
                "timeout": settings.SERVER_TIMEOUT,
                "graceful_timeout": 30,
                # Recycle workers now and then, so a slow leak in a PDF library cannot grow.
                "max_requests": settings.SERVER_MAX_REQUESTS,
                "max_requests_jitter": max(settings.SERVER_MAX_REQUESTS // 10, 1),
                # Scrutiny logs each request itself (scrutiny.requests, JSON); gunicorn's own
                # messages (start, worker restarts) go to standard error.
                "accesslog": None,
                "errorlog": "-",
                "proc_name": "scrutiny",
                # Only the reverse proxy on this machine may set X-Forwarded-* headers.
                "forwarded_allow_ips": "127.0.0.1,::1",
            }
        ).run()
