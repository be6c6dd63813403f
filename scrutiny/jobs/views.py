from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scrutiny.access.permissions import Permission, has_permission
from scrutiny.access.views import board_view, current_board

from . import services
from .access import job_for
from .models import Job, JobStatus


def _is_starter(request: HttpRequest, job: Job) -> bool:
    return job.started_by_id == request.user.pk


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's progress, then its result. The page asks again every few seconds (htmx swaps
    in the progress part); without JavaScript a "Check again" link reloads it. When the job
    leads on to another page (an import's preview), its starter is taken there."""
    found = job_for(request.user, job_id)
    if found.board is not None:
        request.board = found.board  # type: ignore[attr-defined]  # the board's navigation
    starter = _is_starter(request, found)
    if starter and not found.finished:
        services.note_poll(found)
    polling = request.headers.get("HX-Request") == "true"
    if starter and found.status == JobStatus.DONE and found.result.get("next"):
        if polling:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = found.result["next"]
            return response
        return redirect(found.result["next"])
    context = {
        "job": found,
        "board": found.board,
        "poll_seconds": settings.SCRUTINY_JOB_POLL_SECONDS,
        "is_starter": starter,  # the next page (an import's preview) is the starter's alone
        "may_retry": found.status == JobStatus.FAILED
        and found.board is not None
        and _may_manage(request, found),
    }
    if polling:
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/job.html", context)


def _may_manage(request: HttpRequest, found: Job) -> bool:
    return has_permission(request.user, Permission.JOBS_MANAGE, board=found.board)


@login_required
def job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    found = job_for(request.user, job_id)
    if found.status != JobStatus.DONE or not found.result_file:
        raise Http404("This job has no file")
    return FileResponse(
        found.result_file.open("rb"),
        as_attachment=True,
        filename=found.result_file_name,
        content_type=found.result.get("content_type") or "application/octet-stream",
    )


@board_view(Permission.JOBS_MANAGE)
def failed(request: HttpRequest) -> HttpResponse:
    board = current_board(request)
    return render(
        request,
        "jobs/failed.html",
        {"board": board, "jobs": services.failed_jobs(board)[:200]},
    )


@board_view(Permission.JOBS_MANAGE)
@require_POST
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    board = current_board(request)
    found = get_object_or_404(Job, pk=job_id, board=board)
    try:
        services.retry(found)
    except services.NotRetryable:
        messages.info(request, "That job has not failed (it may have been retried already).")
        return redirect("jobs:failed", board.slug)
    messages.success(request, f"{found.label} is queued again.")
    return redirect("jobs:job", found.pk)
