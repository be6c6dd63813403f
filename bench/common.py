"""What both benchmarks share: a signed-in business manager and a measured request."""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client


def signed_in_client(user) -> Client:
    """A test client for `user`, past two-factor authentication."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client: Client, path: str, repeat: int) -> tuple[int, float]:
    """(queries one request makes, median milliseconds of `repeat` requests after a warm-up)."""
    client.get(path)
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return len(executed), statistics.median(times) * 1000
