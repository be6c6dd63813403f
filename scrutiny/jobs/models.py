"""One piece of background work, from the moment a page (or the schedule) asks for it until it
is done or has failed; its page shows the progress and the result."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    kind = models.CharField(max_length=100)  # a kind registered in scrutiny.jobs.registry
    board = models.ForeignKey(
        "tenancy.Board", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )  # none for the daily jobs the schedule starts
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True)  # ids and settings, never names
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    # The outcome: `next` (a page to go on to), `summary`, `problems` (what was wrong with
    # the person's file: the job did its work, the file was refused).
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/results/%Y/%m/", blank=True)
    result_file_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)  # why it failed, shown to the business manager
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The starter's page asks for progress every few seconds: when it stopped asking before
    # the job finished, they left, and are emailed.
    last_polled_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["board", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display().lower()})"

    @property
    def label(self) -> str:
        from .registry import label_of

        return label_of(self.kind)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    def audit_scope(self) -> tuple[int | None, list[int]]:
        if self.board_id:
            return self.board.region_id, [self.board_id]
        return self.region_id, []
