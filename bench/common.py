"""What the benchmarks share: a signed-in business manager, a measured request, and the run
over a fresh throwaway database for each size."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment


def _bench_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    return device


def signed_in_client(user) -> Client:
    """A test client for `user`, past two-factor authentication."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = _bench_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def session_cookie(user, redis_url: str | None = None) -> tuple[str, str]:
    """(cookie name, session key) of a new stored session for `user`, past two-factor
    authentication: what a browser holds after signing in, for requests from outside the
    process (a server under measurement). Stored in the database, or with `redis_url` in
    that Redis database, where a server whose cache is that Redis keeps its sessions."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends import cache as cached_sessions
    from django.contrib.sessions.backends import db as database_sessions
    from django.core.cache.backends.redis import RedisCache
    from django_otp import DEVICE_ID_SESSION_KEY

    device = _bench_device(user)
    if redis_url:
        session = cached_sessions.SessionStore()
        session._cache = RedisCache(redis_url, {})  # the server's cache, not this process's
    else:
        session = database_sessions.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key


def count_queries(client: Client, path: str) -> tuple[int, int]:
    """(status, queries) of one request, after a warm-up request."""
    client.get(path)
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    return response.status_code, len(executed)


def percentile(values: list[float], share: float) -> float:
    """The `share` (0-1) percentile of `values`, interpolated between the nearest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(client: Client, path: str, repeat: int) -> tuple[int, float]:
    """(queries one request makes, median milliseconds of `repeat` requests after a warm-up)."""
    status, queries = count_queries(client, path)
    assert status == 200, (path, status)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times) * 1000


def run_benchmark(
    *,
    option: str,
    defaults: list[int],
    build: Callable[[int], dict[str, Any]],
    describe: Callable[[int, dict[str, Any], float], str],
    pages: Callable[[dict[str, Any]], Iterable[tuple[str, str]]],
    width: int = 48,
) -> None:
    """For each size given by `option` (or `defaults`): a fresh test database, `build(size)`,
    a line from `describe(size, data, seconds to build)`, then the queries and median time of
    each (label, path) in `pages(data)`."""
    parser = argparse.ArgumentParser()
    parser.add_argument(option, type=int, action="append", dest="sizes")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = False
    print(f"database: {connection.vendor}")
    for size in args.sizes or defaults:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            data = build(size)
            print("\n" + describe(size, data, time.perf_counter() - started))
            print(f"{'page':{width}} {'queries':>8} {'median ms':>10}")
            for label, path in pages(data):
                queries, ms = measure(data["client"], path, args.repeat)
                print(f"{label:{width}} {queries:>8} {ms:>10.1f}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
