from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background work: the `Job` record, its page, and the runner (huey) that works through
    it. Foundation level: it imports no source app; apps register their kinds of job from
    their own `AppConfig.ready()` with `scrutiny.jobs.registry.register`."""

    name = "scrutiny.jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import daily
        from .models import Job

        # Progress and polling change every second or two: the log keeps what happened
        # (started, finished, failed, retried), not each step.
        auditlog.register(
            Job,
            exclude_fields=[
                "progress_done",
                "progress_total",
                "progress_message",
                "last_polled_at",
            ],
        )
        daily.register_daily_jobs()
