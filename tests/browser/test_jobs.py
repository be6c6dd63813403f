"""A job's page in the browser: its progress changes in place as the job reports it (htmx asks
every 2 seconds), the page is accessible, and when the job is done its starter is taken on.
The test writes the progress itself, as the worker would."""

import re
import time

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from scrutiny.jobs.models import Job, JobStatus
from scrutiny.people.models import User
from scrutiny.tenancy.models import Board

from .conftest import assert_accessible
from .test_shell import demo, pass_two_factor, sign_in  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def report(job: Job, **changes) -> None:
    """Write as the worker does; SQLite's shared test database may be busy with a poll."""
    for _ in range(50):
        try:
            Job.objects.filter(pk=job.pk).update(**changes)
            return
        except OperationalError:
            time.sleep(0.1)
    raise AssertionError("the job could not be updated")


def test_progress_updates_in_place_then_the_starter_goes_on(page: Page, demo):  # noqa: F811
    board = Board.objects.get(slug="ashbourne")
    job = Job.objects.create(
        kind="dataset.import",
        board=board,
        region=board.region,
        started_by=User.objects.get(email="admin@riverside.example"),
        status=JobStatus.RUNNING,
        progress_done=1,
        progress_total=3,
        progress_message="Checking 40 rows",
    )
    sign_in(page, "admin")
    pass_two_factor(page)
    page.goto(f"/jobs/{job.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Checking a data-set file")
    expect(page.locator("#job-step")).to_have_text("Step 1 of 3: Checking 40 rows (33%)")
    assert_accessible(page)
    report(job, progress_done=2, progress_message="Holding the checked values for your preview")
    expect(page.locator("#job-step")).to_contain_text("Step 2 of 3: Holding", timeout=10_000)
    report(
        job,
        status=JobStatus.DONE,
        result={"next": "/b/ashbourne/data/", "next_label": "Check the import"},
    )
    expect(page).to_have_url(re.compile(r"/b/ashbourne/data/$"), timeout=10_000)
