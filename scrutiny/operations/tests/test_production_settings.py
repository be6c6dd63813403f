"""Production refuses a file email backend nobody chose and DEBUG; the demo app is installed
only when asked for. Settings are read at start-up, so each case runs in a new process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from scrutiny.operations.checks import FILE_EMAIL_BACKEND, email_backend_chosen, not_debug

PROJECT = Path(__file__).resolve().parents[3]


def run_scrutiny(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update(
        {
            "PYTHONPATH": str(PROJECT),
            "SCRUTINY_SECRET_KEY": "production-test",
            "SCRUTINY_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        }
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "scrutiny", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
    )


def test_serve_refuses_the_file_email_backend_nobody_chose(tmp_path):
    result = run_scrutiny(tmp_path, "serve", "--bind", "127.0.0.1:1")
    assert result.returncode != 0
    assert "operations.E001" in result.stderr
    assert "SCRUTINY_EMAIL_BACKEND" in result.stderr
    assert "Listening at" not in result.stderr  # gunicorn never started


def test_serve_refuses_debug(tmp_path):
    result = run_scrutiny(tmp_path, "serve", SCRUTINY_DEBUG="true")
    assert result.returncode != 0
    assert "operations.E002" in result.stderr


@pytest.mark.parametrize(
    ("env", "installed"),
    [
        ({}, False),
        ({"SCRUTINY_DEMO": "true"}, True),
        ({"SCRUTINY_DEBUG": "true"}, True),  # ./bin/serve, the development server
        ({"SCRUTINY_DEBUG": "true", "SCRUTINY_DEMO": "false"}, False),
    ],
)
def test_demo_is_installed_only_when_asked_for(tmp_path, env, installed):
    result = run_scrutiny(tmp_path, "help", "demo", **env)
    if installed:
        assert result.returncode == 0, result.stderr
        assert "demo region" in result.stdout
    else:
        assert result.returncode != 0
        assert "Unknown command: 'demo'" in result.stderr


@override_settings(DEBUG=False, EMAIL_BACKEND=FILE_EMAIL_BACKEND)
def test_file_email_is_an_error_unless_chosen():
    with override_settings(SCRUTINY_EMAIL_BACKEND_CHOSEN=False):
        assert [e.id for e in email_backend_chosen()] == ["operations.E001"]
    with override_settings(SCRUTINY_EMAIL_BACKEND_CHOSEN=True):
        assert email_backend_chosen() == []


@override_settings(
    DEBUG=False,
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    SCRUTINY_EMAIL_BACKEND_CHOSEN=False,
)
def test_smtp_needs_no_choice_and_debug_off_passes():
    assert email_backend_chosen() == []
    assert not_debug() == []
