"""One JSON line per request: method, path, status, duration and user id, and never the
query string or anything typed into a form."""

import json
import logging

import pytest
from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db

FIELDS = {"method", "path", "status", "duration_ms", "user_id"}


def request_records(caplog):
    return [r for r in caplog.records if r.name == "scrutiny.requests"]


def as_json_line(record: logging.LogRecord) -> str:
    """The record as the handler that LOGGING set up formats it."""
    assert settings.LOG_FORMAT == "json"  # the production default
    (formatter,) = (
        h.formatter for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    return formatter.format(record)


def test_a_form_post_logs_one_line_without_its_data(client, caplog):
    caplog.set_level(logging.INFO, logger="scrutiny.requests")
    client.post(
        "/login/?next=/b/secret-board/",
        {"username": "typed.person@example.org", "password": "typed-password-XYZ"},
    )
    (record,) = request_records(caplog)
    line = as_json_line(record)
    assert "\n" not in line
    logged = json.loads(line)
    assert logged.keys() >= FIELDS
    assert logged["method"] == "POST"
    assert logged["path"] == "/login/"
    assert logged["status"] == 200  # the form comes back with an error
    assert logged["user_id"] is None
    assert isinstance(logged["duration_ms"], float) and logged["duration_ms"] >= 0
    for secret in ("secret-board", "typed.person", "typed-password-XYZ", "next="):
        assert secret not in line


def test_a_signed_in_request_logs_the_user_id(client, login, make_user, board, caplog):
    from scrutiny.people.models import Role

    viewer = make_user(Role.VIEWER, board=board)
    login(client, viewer)
    caplog.set_level(logging.INFO, logger="scrutiny.requests")
    client.get(f"/b/{board.slug}/")
    client.get("/b/no-such-board/")
    first, second = (json.loads(as_json_line(r)) for r in request_records(caplog))
    assert (first["status"], first["user_id"]) == (200, viewer.pk)
    assert (second["path"], second["status"], second["user_id"]) == (
        "/b/no-such-board/",
        404,
        viewer.pk,
    )
