"""`/health/`: 200 when the database and cache answer, 503 naming what did not; no sign-in."""

import json
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_answers_200_without_sign_in(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie: nothing about anyone


def test_unreachable_cache_answers_503_naming_the_cache(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "failed": ["cache"]}


def test_unreachable_database_answers_503_naming_the_database(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("scrutiny.operations.health.connection", broken):
        response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "failed": ["database"]}


def test_only_get(client):
    assert client.post("/health/").status_code == 405
