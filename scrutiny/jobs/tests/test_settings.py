"""The job queue is chosen from SCRUTINY_JOBS_URL, strictly: each case starts a fresh process
with the environment a deployment (or ./bin/serve) would give it."""

import json

import pytest

from scrutiny.core.tests.test_deploy_checks import scrutiny

SHOW = (
    "import json; from huey.contrib.djhuey import HUEY; from django.conf import settings as s;"
    " print(json.dumps([type(HUEY).__name__, HUEY.immediate, s.SCRUTINY_DAILY_JOBS_AT]))"
)
DEV = {"SCRUTINY_DEBUG": "true"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["SqliteHuey", False, [6, 30]]),  # the demo: a file under var/, a real worker
        (
            {"SCRUTINY_JOBS_URL": "redis://127.0.0.1:6379/2", "SCRUTINY_DAILY_JOBS_AT": "5:05"},
            ["RedisHuey", False, [5, 5]],
        ),
        ({"SCRUTINY_JOBS_URL": "immediate"}, ["MemoryHuey", True, [6, 30]]),
    ],
)
def test_the_queue_comes_from_the_environment(env, expected, tmp_path):
    result = scrutiny(["shell", "--no-imports", "-c", SHOW], DEV | env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SCRUTINY_JOBS_URL": "amqp://x"}, "SCRUTINY_JOBS_URL must be redis://"),
        ({"SCRUTINY_DAILY_JOBS_AT": "25:00"}, "SCRUTINY_DAILY_JOBS_AT must be HH:MM"),
    ],
)
def test_a_bad_setting_fails_loudly(env, message, tmp_path):
    result = scrutiny(["check"], DEV | env, tmp_path)
    assert result.returncode != 0 and message in result.stderr
