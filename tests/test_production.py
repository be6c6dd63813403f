"""The production recipe, for real: `python -m scrutiny serve` (gunicorn) on a free port,
against a throwaway PostgreSQL database and this machine's Redis (sessions and cache), is
healthy, lets a person sign in and serves their board's page, then stops.

Needs PostgreSQL at SCRUTINY_TEST_PG_SERVER (default postgresql://postgres@127.0.0.1:5432)
and Redis at SCRUTINY_TEST_REDIS (default 127.0.0.1:6379, database SCRUTINY_TEST_REDIS_DB,
default 14); fails, not skips, without them. A second test runs two such servers sharing the
session and an S3 bucket.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest
import redis

pytestmark = pytest.mark.production

PROJECT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("SCRUTINY_TEST_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SCRUTINY_TEST_REDIS", "127.0.0.1:6379")
REDIS_DB = int(os.environ.get("SCRUTINY_TEST_REDIS_DB", "14"))  # this test's own database
PASSWORD = "production-test-password-2026"  # noqa: S105 - a throwaway account
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_redis() -> redis.Redis:
    host, port = REDIS.rsplit(":", 1)
    client = redis.Redis(host=host, port=int(port), db=REDIS_DB, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {REDIS} ({error}): start redis-server.")
    return client


@pytest.fixture
def postgres_url():
    name = f"scrutiny_production_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {PG_SERVER} ({error}).")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{PG_SERVER}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_db() -> redis.Redis:
    """This test's own Redis database, empty before and after."""
    client = require_redis()
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def production_env(tmp_path, postgres_url, redis_db) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "PYTHONPATH": str(PROJECT),
            "SCRUTINY_SECRET_KEY": secrets.token_hex(32),
            "SCRUTINY_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": postgres_url,
            "SCRUTINY_CACHE_URL": f"rediscache://{REDIS}/{REDIS_DB}",
            "SCRUTINY_ALLOW_FILE_EMAIL": "true",
            "SCRUTINY_SERVER_WORKERS": "2",
        }
    )
    return env


def scrutiny(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "scrutiny", *args],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"scrutiny {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


CREATE_VIEWER = f"""
from scrutiny.people.models import Role, RoleAssignment, User
from scrutiny.tenancy.models import Board, Region
region = Region.objects.create(name="Production Region", slug="production-region")
board = Board.objects.create(region=region, name="Production Test Board", short_name="Prod",
                             slug="production-board")
user = User.objects.create_user(email="viewer@production.example", full_name="Pat Viewer",
                                password="{PASSWORD}")
RoleAssignment.objects.create(user=user, role=Role.VIEWER, region=region, board=board)
print(user.pk)
"""


class Browser:
    """Just enough of a browser: keeps cookies (Secure ones too, as behind TLS) and says it
    came through the HTTPS proxy, as nginx in deploy/ does."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content


def wait_for_health(server: subprocess.Popen, port: int, log: Path) -> dict:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the production server exited ({server.returncode}):\n{log.read_text()}")
        try:
            response, content = Browser(port).request("GET", "/health/")
            if response.status == 200:
                return json.loads(content)
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"/health/ did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")


def test_production_server_signs_in_and_serves_a_page(production_env, redis_db, tmp_path):
    scrutiny(production_env, "migrate", "--noinput", "-v0")
    user_id = int(scrutiny(production_env, "shell", "-v", "0", "-c", CREATE_VIEWER).strip())

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "scrutiny", "serve", "--bind", f"127.0.0.1:{port}"],
            env=production_env,
            cwd=PROJECT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert wait_for_health(server, port, log) == {"status": "ok"}

        browser = Browser(port)
        response, page = browser.request("GET", "/login/")
        assert response.status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response, _ = browser.request(
            "POST",
            "/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": "viewer@production.example",
                "password": PASSWORD,
            },
        )
        assert response.status == 302, "sign-in refused"

        response, page = browser.request("GET", "/b/production-board/")
        assert response.status == 200
        assert "Production Test Board" in page

        # Static files come from whitenoise; the session lives in Redis, not the database.
        response, _ = browser.request("GET", "/static/vendor/htmx/htmx.min.js")
        assert response.status == 200
        assert any(b"django.contrib.sessions.cache" in key for key in redis_db.scan_iter())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    request_lines = [
        json.loads(line)
        for line in log.read_text().splitlines()
        if line.startswith("{") and '"scrutiny.requests"' in line
    ]
    board_page = [r for r in request_lines if r["path"] == "/b/production-board/"]
    assert board_page and board_page[0]["user_id"] == user_id
    assert board_page[0]["status"] == 200


CREATE_SHARED_FILE = """
from django.core.files.base import ContentFile
from scrutiny.people.models import User
from scrutiny.regional.models import Resource, ResourceStatus
from scrutiny.tenancy.models import Board
board = Board.objects.get(slug="production-board")
item = Resource(region=board.region, contributed_by_board=board, title="Shared guide",
                description="On the shared store", status=ResourceStatus.PUBLISHED,
                file_name="guide.pdf", content_type="application/pdf")
item.file.save("guide.pdf", ContentFile(b"%PDF-1.4 shared by every server"), save=True)
print(item.pk)
"""


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "scrutiny",
                "serve",
                "--no-collectstatic",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=PROJECT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return server, port


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def test_two_servers_share_sessions_and_files(production_env, redis_db, tmp_path):
    """Two servers with nothing on disk in common (each its own SCRUTINY_VAR_DIR), sharing
    PostgreSQL, Redis and an S3 bucket (moto's server, started here): a person signs in on
    one and the other knows them and serves a file the first process stored."""
    from moto.server import ThreadedMotoServer

    from scrutiny.core.tests.s3 import ACCESS_KEY, REGION, SECRET_KEY, new_bucket

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, moto_port = moto.get_host_and_port()
        bucket = new_bucket(f"http://{host}:{moto_port}")
        shared = {
            **production_env,
            "SCRUTINY_FILE_STORAGE": "s3",
            "SCRUTINY_S3_BUCKET": bucket.name,
            "SCRUTINY_S3_ENDPOINT_URL": bucket.endpoint_url,
            "SCRUTINY_S3_REGION": REGION,
            "SCRUTINY_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "SCRUTINY_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "SCRUTINY_S3_ADDRESSING_STYLE": "path",
        }
        scrutiny(shared, "migrate", "--noinput", "-v0")
        scrutiny(shared, "shell", "-v", "0", "-c", CREATE_VIEWER)
        resource_id = int(scrutiny(shared, "shell", "-v", "0", "-c", CREATE_SHARED_FILE))
        assert list(bucket.objects().values()) == [b"%PDF-1.4 shared by every server"]

        servers = []
        for name in ("a", "b"):
            env = {**shared, "SCRUTINY_VAR_DIR": str(tmp_path / f"var-{name}")}
            log = tmp_path / f"server-{name}.log"
            server, port = start_server(env, log)
            servers.append(server)
            wait_for_health(server, port, log)
            if name == "a":
                port_a = port
            else:
                port_b = port
        try:
            browser = Browser(port_a)
            _, page = browser.request("GET", "/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            response, _ = browser.request(
                "POST",
                "/login/",
                {
                    "csrfmiddlewaretoken": token,
                    "username": "viewer@production.example",
                    "password": PASSWORD,
                },
            )
            assert response.status == 302, "sign-in refused"

            browser.port = port_b  # the same cookies, the other server
            response, page = browser.request("GET", "/b/production-board/")
            assert response.status == 200, "server B did not know the session"
            assert "Production Test Board" in page
            path = f"/b/production-board/regional-library/{resource_id}/file/"
            response, content = browser.request("GET", path)
            assert response.status == 200
            assert content == "%PDF-1.4 shared by every server"
        finally:
            for server in servers:
                stop_server(server)
        for name in ("a", "b"):  # nothing was written to either server's own disk
            assert not (tmp_path / f"var-{name}" / "media").exists()
    finally:
        moto.stop()
