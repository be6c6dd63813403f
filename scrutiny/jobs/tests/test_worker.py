"""The runner for real: huey's consumer (a worker and its scheduler, in threads of this
process) works through the queue in Redis database 5 while the test watches the `Job` rows.

The rest of the suite runs jobs in huey's immediate mode; here immediate mode is off, so a
job goes through Redis exactly as in production. The tests use committed transactions
(`transaction=True`) because the worker reads and writes through its own connection.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.utils import timezone
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

from scrutiny.actions.models import Action, ActionSource, ActionStatus, OverdueReminder
from scrutiny.jobs import daily
from scrutiny.jobs.models import Job, JobStatus
from scrutiny.jobs.registry import JobResult, register
from scrutiny.jobs.services import retry, start_job
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role
from scrutiny.returns.models import ReturnReminder
from scrutiny.returns.services import schedule_returns

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds: far longer than any of these jobs takes

reached = threading.Event()  # the job has reported its first step
release = threading.Event()  # the test has looked; the job may finish


def _steps(job, progress):
    progress(1, 3, "First of three")
    reached.set()
    assert release.wait(WAIT), "the test never released the job"
    progress(2, 3, "Second of three")
    return JobResult(summary="Three steps taken.")


def _flaky(job, progress):
    progress(0, 1, "Trying")
    if job.attempts == 1:
        raise ValueError("the spreadsheet store did not answer")
    return JobResult(summary="Worked the second time.")


register("test.steps", "Three steps (test)", _steps)
register("test.flaky", "Fails once (test)", _flaky)


@pytest.fixture
def runner():
    """huey's consumer on Redis database 5, with one worker thread; stopped afterwards."""
    import signal

    from huey.contrib.djhuey import HUEY

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False  # back to the RedisStorage the test settings name (database 5)
    assert HUEY.storage.conn.connection_pool.connection_kwargs["db"] == 5
    HUEY.flush()
    consumer = HUEY.create_consumer(
        workers=1,
        worker_type="thread",
        periodic=False,
        initial_delay=0.05,
        max_delay=0.2,
        check_worker_health=False,
    )
    finished.clear()

    def note(signal_name, task, *args, **kwargs):
        with finished_changed:
            finished.append(task.name)
            finished_changed.notify_all()

    HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)(note)
    consumer.start()
    try:
        yield HUEY
    finally:
        HUEY.disconnect_signal(note, SIGNAL_COMPLETE, SIGNAL_ERROR)
        release.set()
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        HUEY.flush()
        HUEY.immediate = True
        reached.clear()
        release.clear()


finished: list[str] = []  # names of the tasks the worker has finished, in order
finished_changed = threading.Condition()


def wait_for_tasks(count: int, name: str = "scrutiny.run_job") -> None:
    """Wait until the worker has finished `count` tasks of that name. The test reads the
    records only then: SQLite's shared in-memory test database cannot be read while another
    connection writes it (PostgreSQL could, but the test runs on both)."""
    with finished_changed:
        assert finished_changed.wait_for(lambda: finished.count(name) >= count, timeout=WAIT), (
            f"{finished.count(name)} {name} finished, not {count}"
        )


def test_a_job_goes_queued_running_done_with_its_progress(runner, make_user, board):
    person = make_user(email="starter@example.org")
    job = start_job("test.steps", user=person, board=board)  # committed: enqueued at once
    assert reached.wait(WAIT), "the worker never ran the job"
    job.refresh_from_db()  # the job waits for the test here, so nothing writes meanwhile
    assert job.status == JobStatus.RUNNING
    assert (job.progress_done, job.progress_total, job.progress_message) == (
        1,
        3,
        "First of three",
    )
    assert job.started_at is not None and job.attempts == 1
    release.set()
    wait_for_tasks(1)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"summary": "Three steps taken."}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.finished_at >= job.started_at


def test_a_queued_job_waits_for_a_worker(make_user, board):
    """Without a consumer nothing runs: the record says queued (the page says waiting)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    try:
        HUEY.flush()
        job = start_job("test.flaky", user=make_user(), board=board)
        assert HUEY.pending_count() == 1
        job.refresh_from_db()
        assert (job.status, job.attempts, job.started_at) == (JobStatus.QUEUED, 0, None)
    finally:
        HUEY.flush()
        HUEY.immediate = True


def test_a_failed_job_keeps_its_reason_and_a_retry_runs_it_again(runner, make_user, board):
    job = start_job("test.flaky", user=None, board=board)
    wait_for_tasks(1)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("ValueError: the spreadsheet store did not answer")
    assert "_flaky" in job.error  # where it failed, for whoever reports it
    assert job.attempts == 1
    retry(job)
    wait_for_tasks(2)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.attempts, job.error, job.result["summary"]) == (2, "", "Worked the second time.")


def test_the_same_job_delivered_twice_runs_once(runner, make_user, board):
    from scrutiny.jobs.tasks import run_job_task

    job = start_job("test.flaky", user=None, board=board)
    wait_for_tasks(1)
    second = run_job_task(job.pk)  # the task again, as a redelivery would
    assert second.get(blocking=True, timeout=WAIT) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1


def test_running_the_daily_jobs_twice_sends_nothing_twice(runner, make_user, board, agency):
    owner = make_user(email="owner@example.org")
    action = Action.objects.create(
        region=board.region,
        owner=owner,
        title="Refresh the escalation policy",
        due_date=timezone.localdate() - datetime.timedelta(days=10),
        status=ActionStatus.NOT_STARTED,
        source=ActionSource.OTHER,
    )
    action.boards.add(board)
    # a quarterly report due yesterday, from an agency with a lead: reminded (then weekly)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency, email="lead@example.org")
    due = timezone.localdate() - datetime.timedelta(days=1)
    # who asked for the return holds no board role, so no yearly-report reminder (sent to the
    # board's report writers, and due or not depending on today's date) joins these mails
    manager = make_user(email="asker@example.org")
    schedule_returns(
        board=board,
        template=FrameworkTemplate.objects.get(code="quarterly-agency-report"),
        subject=None,
        period_label="2026 Q1",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        due_date=due,
        agencies=[agency],
        requested_by=manager,
    )
    mail.outbox.clear()
    commands = [command for command, _ in daily.DAILY_COMMANDS]

    for run in (1, 2):
        runner.enqueue(_daily_task())  # what the schedule does at 06:30
        wait_for_tasks(run, "scrutiny.daily_jobs")
        wait_for_tasks(run * len(commands))
        runs = Job.objects.filter(kind__startswith="daily.")
        assert runs.count() == run * len(commands)
        assert set(runs.values_list("status", flat=True)) == {JobStatus.DONE}, list(
            runs.values_list("kind", "error")
        )
        # one reminder to the action's owner and one to the agency's lead, on the first run only
        assert sorted(m.to[0] for m in mail.outbox) == [lead.email, owner.email], f"run {run}"
    assert OverdueReminder.objects.count() == 1 and ReturnReminder.objects.count() == 1
    assert Job.objects.filter(kind="daily.send_action_reminders").count() == 2
    summaries = Job.objects.filter(kind="daily.send_action_reminders").order_by("pk")
    assert [j.result["summary"] for j in summaries] == [
        "1 owner(s) reminded of overdue actions.",
        "0 owner(s) reminded of overdue actions.",
    ]


def _daily_task():
    from scrutiny.jobs.tasks import daily_jobs_task

    return daily_jobs_task.s()
