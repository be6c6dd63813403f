"""The one way to load a job for a person: its starter, or whoever manages the jobs of its
board (the business manager, and the region's admins); anyone else finds no such job."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from scrutiny.access.permissions import Permission, can_reach_board, has_permission

from .models import Job


def may_see(user: Any, job: Job) -> bool:
    if not user.is_authenticated:
        return False
    if job.board_id is not None:
        if not can_reach_board(user, job.board):
            return False
        return job.started_by_id == user.pk or has_permission(
            user, Permission.JOBS_MANAGE, board=job.board
        )
    if job.region_id is not None:
        return job.started_by_id == user.pk or has_permission(
            user, Permission.REGION_MANAGE, region=job.region
        )
    return False  # the schedule's own jobs: the Django admin shows them to system staff


def job_for(user: Any, job_id: int) -> Job:
    job = (
        Job.objects.select_related("board__region", "region", "started_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not may_see(user, job):
        raise Http404("No such job")
    return job
