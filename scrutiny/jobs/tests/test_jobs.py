"""A job's page, who may see it, the failed-jobs list and retry, the email to a starter who
left, and the pages that start jobs. Jobs run here in huey's immediate mode (inside the
request); test_worker.py runs them through Redis with a real consumer."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from scrutiny.jobs import uploads
from scrutiny.jobs.models import Job, JobStatus
from scrutiny.jobs.registry import JobResult, register
from scrutiny.jobs.services import purge_uploads, run_job, start_job
from scrutiny.people.models import Role

pytestmark = pytest.mark.django_db

calls: list[int] = []


def _once_broken(job, progress):
    calls.append(job.pk)
    progress(1, 2, "Halfway")
    if job.attempts == 1:
        raise RuntimeError("the printer caught fire")
    return JobResult(summary="All done.", next_url="/somewhere/next/", next_label="Go on")


def _file(job, progress):
    return JobResult(file_name="out.csv", file_content=b"a,b\n", content_type="text/csv")


register("test.once_broken", "Once broken (test)", _once_broken)
register("test.file", "A file (test)", _file)


@pytest.fixture
def manager(make_user, board):
    return make_user(Role.BUSINESS_MANAGER, board=board, email="bm@example.org")


@pytest.fixture
def starter(make_user, board, agency):
    return make_user(Role.AGENCY_LEAD, board=board, agency=agency, email="lead@example.org")


def queued(kind, *, board, user, polled_ago=0):
    """A job recorded but not run yet (as when a worker has not picked it up)."""
    now = timezone.now()
    return Job.objects.create(
        kind=kind,
        board=board,
        region=board.region,
        started_by=user,
        last_polled_at=now - datetime.timedelta(seconds=polled_ago),
    )


def test_who_sees_a_job(client, login, board, other_board, make_user, manager, starter):
    job = queued("test.once_broken", board=board, user=starter)
    url = reverse("jobs:job", args=[job.pk])
    assert client.get(url).status_code == 302  # sign in first
    login(client, starter)
    assert client.get(url).status_code == 200
    for outsider in (
        make_user(Role.QA_MEMBER, board=board),  # same board, not the starter, not the manager
        make_user(Role.BUSINESS_MANAGER, board=other_board),
    ):
        other = login(Client(), outsider)
        assert other.get(url).status_code == 404
        assert other.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    page = login(Client(), manager).get(url)
    assert page.status_code == 200 and b"Once broken (test)" in page.content


def test_the_page_shows_progress_and_asks_again(client, login, board, starter):
    job = queued("test.once_broken", board=board, user=starter, polled_ago=60)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress_done=1, progress_total=4, progress_message="Reading"
    )
    login(client, starter)
    url = reverse("jobs:job", args=[job.pk])
    html = client.get(url).content.decode()
    assert "Step 1 of 4: Reading (25%)" in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 2s"' in html
    assert f'href="{url}">Check again now</a>' in html  # without JavaScript
    job.refresh_from_db()
    assert timezone.now() - job.last_polled_at < datetime.timedelta(seconds=5)
    part = client.get(url, headers={"HX-Request": "true"})
    assert part.content.decode().startswith('<div id="job-progress"')
    assert "<html" not in part.content.decode()


def test_a_finished_job_takes_its_starter_on(client, login, board, starter, manager):
    job = queued("test.once_broken", board=board, user=starter)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result={"next": "/somewhere/next/", "next_label": "Go on"}
    )
    login(client, starter)
    url = reverse("jobs:job", args=[job.pk])
    assert client.get(url)["Location"] == "/somewhere/next/"
    polled = client.get(url, headers={"HX-Request": "true"})
    assert (polled.status_code, polled["HX-Redirect"]) == (204, "/somewhere/next/")
    # the manager looking at it is not the uploader: the page, without the uploader's link
    page = login(Client(), manager).get(url)
    assert page.status_code == 200 and b"Done" in page.content
    assert b"/somewhere/next/" not in page.content


def test_a_failed_job_is_listed_with_its_reason_and_retried(client, login, board, starter, manager):
    job = start_job("test.once_broken", user=starter, board=board)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.error.startswith("RuntimeError: the printer caught fire")
    # the starter sees why, and that the manager can retry
    login(client, starter)
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "the printer caught fire" in html and "business manager can see this" in html
    assert client.get(reverse("jobs:failed", args=[board.slug])).status_code == 403
    assert client.post(reverse("jobs:retry", args=[board.slug, job.pk])).status_code == 403
    # the manager's list
    manager_client = login(Client(), manager)
    listing = manager_client.get(reverse("jobs:failed", args=[board.slug])).content.decode()
    assert "Once broken (test)" in listing and "the printer caught fire" in listing
    assert reverse("jobs:retry", args=[board.slug, job.pk]) in listing
    assert manager_client.get(reverse("jobs:retry", args=[board.slug, job.pk])).status_code == 405
    response = manager_client.post(reverse("jobs:retry", args=[board.slug, job.pk]))
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
    assert (
        "No job has failed"
        in manager_client.get(reverse("jobs:failed", args=[board.slug])).content.decode()
    )
    # a job that has not failed is not retried again
    again = manager_client.post(reverse("jobs:retry", args=[board.slug, job.pk]), follow=True)
    assert b"has not failed" in again.content
    assert calls.count(job.pk) == 2


def test_another_boards_job_is_not_retried_through_ones_own(
    login, board, other_board, make_user, manager
):
    theirs = queued("test.once_broken", board=other_board, user=None)
    Job.objects.filter(pk=theirs.pk).update(status=JobStatus.FAILED, error="x")
    response = login(Client(), manager).post(reverse("jobs:retry", args=[board.slug, theirs.pk]))
    assert response.status_code == 404
    assert Job.objects.get(pk=theirs.pk).status == JobStatus.FAILED


def test_the_starter_is_emailed_only_if_they_left(board, starter):
    watching = queued("test.once_broken", board=board, user=starter, polled_ago=3)
    run_job(watching.pk)
    assert mail.outbox == []  # still on the page: they see it fail there
    left = queued("test.once_broken", board=board, user=starter, polled_ago=60)
    Job.objects.filter(pk=left.pk).update(attempts=1)  # this run is its second: it succeeds
    run_job(left.pk)
    (email,) = mail.outbox
    assert email.to == ["lead@example.org"]
    assert email.subject == "Once broken (test): done"
    assert f"/jobs/{left.pk}/" in email.body
    run_job(left.pk)  # delivered again: not run, not emailed again
    assert len(mail.outbox) == 1


def test_a_daily_job_emails_nobody(board):
    from scrutiny.jobs.daily import start_daily_jobs

    jobs = start_daily_jobs()
    assert {job.kind for job in jobs} >= {
        "daily.send_return_reminders",
        "daily.escalate_challenges",
    }
    assert {Job.objects.get(pk=j.pk).status for j in jobs} == {JobStatus.DONE}
    assert mail.outbox == []


def test_a_result_file_downloads(client, login, board, starter):
    job = start_job("test.file", user=starter, board=board)
    login(client, starter)
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="out.csv"'
    assert b"".join(response.streaming_content) == b"a,b\n"


def test_an_unknown_kind_is_refused(board, starter):
    with pytest.raises(LookupError):
        start_job("no.such.kind", user=starter, board=board)
    assert not Job.objects.exists()


def test_held_uploads_are_deleted_when_done_and_a_day_after_a_failure(board, starter, settings):
    held = uploads.hold([("values.csv", b"indicator,period,numerator\n")])
    job = start_job("test.file", user=starter, board=board, params={"held_files": held})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and not default_storage.exists(held[0]["path"])

    kept = uploads.hold([("values.csv", b"x")])
    failed = start_job("test.once_broken", user=starter, board=board, params={"held_files": kept})
    assert Job.objects.get(pk=failed.pk).status == JobStatus.FAILED
    assert default_storage.exists(kept[0]["path"])  # for a retry
    assert purge_uploads() == 0  # failed just now
    later = timezone.now() + datetime.timedelta(hours=settings.SCRUTINY_JOB_UPLOAD_HOURS + 1)
    assert purge_uploads(later) == 1
    assert not default_storage.exists(kept[0]["path"])
    assert "held_files" not in Job.objects.get(pk=failed.pk).params
    assert purge_uploads(later) == 0  # twice: nothing more


def test_a_job_left_running_by_a_stopped_worker_is_recorded_failed(board, settings):
    from django.core.management import call_command

    job = queued("test.file", board=board, user=None)
    started = timezone.now() - datetime.timedelta(hours=settings.SCRUTINY_JOB_STALE_HOURS + 1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started)
    recent = queued("test.file", board=board, user=None)
    Job.objects.filter(pk=recent.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    out = io.StringIO()
    call_command("tidy_jobs", stdout=out)
    assert "1 job(s) left running recorded as failed" in out.getvalue()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "worker stopped" in job.error
    assert Job.objects.get(pk=recent.pk).status == JobStatus.RUNNING
    call_command("tidy_jobs", stdout=out)  # twice: nothing more
    assert Job.objects.filter(status=JobStatus.FAILED).count() == 1


def test_regional_report_downloads_as_a_spreadsheet(client, login, make_user, region, board):
    admin = make_user(Role.REGIONAL_ADMIN, region=region)
    login(client, admin)
    response = client.post(reverse("regional:region_report_export", args=[region.slug]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.board, job.region, job.status) == (
        "regional.report_xlsx",
        None,
        region,
        JobStatus.DONE,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Download regional-report-test-region.xlsx" in page
    download = client.get(reverse("jobs:file", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["Self-assessment", "Section 11", "Data set"]
    assert [c.value for c in workbook["Data set"][1]][:2] == ["Indicator", board.short_name]
    # a chair through their board: the job belongs to the board
    chair = make_user(Role.CHAIR, board=board)
    chair_client = login(Client(), chair)
    chair_client.post(reverse("regional:board_report_export", args=[board.slug]))
    assert Job.objects.filter(board=board, started_by=chair).count() == 1


def test_statutory_upload_runs_as_a_job_and_keeps_no_file(client, login, manager, board):
    from scrutiny.dataset.tests.statutory_fixtures import census, child, referral

    login(client, manager)
    response = client.post(
        reverse("dataset:statutory", args=[board.slug]),
        {
            "kind": "cin",
            "population": "10000",
            "files": [
                SimpleUploadedFile(
                    "census.xml", census(2024, [child("C1", referral("2023-05-02"))])
                )
            ],
        },
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.status, job.started_by) == ("dataset.statutory", JobStatus.DONE, manager)
    preview = client.get(response["Location"])
    assert preview["Location"].startswith(f"/b/{board.slug}/data/import/")
    # the return (child-level records) is not kept once the job has read it
    assert not default_storage.exists(job.params["held_files"][0]["path"])
    assert "census.xml" not in str(job.params["held_files"][0]["path"])


def test_a_bad_file_is_a_done_job_listing_its_problems(client, login, manager, board):
    login(client, manager)
    response = client.post(
        reverse("dataset:import", args=[board.slug]),
        {"file": SimpleUploadedFile("v.csv", b"indicator,period,numerator\nnope,2026 Q1,1\n")},
    )
    page = client.get(response["Location"]).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE  # the job worked; the file was refused
    assert "Nothing was imported: 1 problem" in page
    assert "v.csv, row 2, indicator: &#x27;nope&#x27; is not an indicator" in page
    assert reverse("dataset:import", args=[board.slug]) in page
    assert not Job.objects.filter(status=JobStatus.FAILED).exists()


def test_a_recent_identical_build_is_reused_but_not_a_failed_or_old_one(
    settings, tmp_path, manager, board, make_user
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SCRUTINY_JOB_REUSE_SECONDS = 300
    first = start_job(
        "test.file", user=manager, board=board, params={"a": 1, "b": 2}, reuse_recent=True
    )
    assert first.pk  # done at once here (immediate mode)
    # Same person, kind, board and params (in another order): the same job.
    again = start_job(
        "test.file", user=manager, board=board, params={"b": 2, "a": 1}, reuse_recent=True
    )
    assert again.pk == first.pk
    # Other params, another person, or no reuse asked for: a new job each.
    assert (
        start_job("test.file", user=manager, board=board, params={"a": 2}, reuse_recent=True).pk
        != first.pk
    )
    chair = make_user(Role.CHAIR, board=board)
    assert (
        start_job(
            "test.file", user=chair, board=board, params={"a": 1, "b": 2}, reuse_recent=True
        ).pk
        != first.pk
    )
    assert start_job("test.file", user=manager, board=board, params={"a": 1, "b": 2}).pk != first.pk
    # Older than the window, or failed: never reused.
    Job.objects.filter(kind="test.file").update(
        created_at=timezone.now() - datetime.timedelta(seconds=301)
    )
    fresh = start_job(
        "test.file", user=manager, board=board, params={"a": 1, "b": 2}, reuse_recent=True
    )
    assert fresh.pk != first.pk
    Job.objects.filter(pk=fresh.pk).update(status=JobStatus.FAILED)
    assert (
        start_job(
            "test.file", user=manager, board=board, params={"a": 1, "b": 2}, reuse_recent=True
        ).pk
        != fresh.pk
    )
    assert Job.objects.filter(kind="test.file").count() == 6  # first, 3 others, fresh, last
