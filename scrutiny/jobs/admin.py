from django.contrib import admin, messages

from . import services
from .models import Job, JobStatus


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """System staff see every job, the schedule's daily jobs among them, and retry failed
    ones (a board's own failed jobs are also retried from its failed-jobs page)."""

    list_display = ["pk", "kind", "board", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry_failed"]

    @admin.action(description="Retry the selected failed jobs")
    def retry_failed(self, request, queryset):
        retried = 0
        for job in queryset.filter(status=JobStatus.FAILED):
            services.retry(job)
            retried += 1
        self.message_user(request, f"{retried} job(s) queued again.", messages.SUCCESS)
