"""Profile one page in-process, as a signed-in person, on a database `bench/national.py` built.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \
        .venv/bin/python bench/profile_page.py manager.ashbourne /b/ashbourne/training/ \
        [--repeat 50] [--sort cumulative] [--lines 40]

It runs the production settings (DEBUG off, the cached template loader) with a signed-in test
client, warms the page up, then prints the median time of `--repeat` requests and a cProfile
of them (the functions that cost most), with /login/ measured the same way as the floor.
It is for finding where a page's time goes; `bench/national.py` is the measurement.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
os.environ.setdefault("SCRUTINY_SECRET_KEY", "bench-profile")
os.environ.setdefault("SCRUTINY_DEBUG", "false")
os.environ.setdefault("SCRUTINY_SECURE_COOKIES", "false")
os.environ.setdefault("SCRUTINY_SSL_REDIRECT", "false")
os.environ.setdefault("SCRUTINY_JOBS_URL", "immediate")

import django  # noqa: E402

django.setup()

from common import signed_in_client  # noqa: E402


def timed(client, path: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST="localhost")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="also print one request's queries")
    args = parser.parse_args()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("scrutiny.requests").setLevel(logging.WARNING)  # one line per request
    from scrutiny.demo.region import demo_email

    user = get_user_model().objects.get(email=demo_email(args.username))
    client = signed_in_client(user)
    anonymous = Client()
    timed(anonymous, "/login/", 5)
    timed(client, args.path, 5)
    floor = statistics.median(timed(anonymous, "/login/", args.repeat))
    page = statistics.median(timed(client, args.path, args.repeat))
    profiler = cProfile.Profile()
    profiler.enable()
    timed(client, args.path, args.repeat)
    profiler.disable()
    print(f"/login/ median {floor:.2f} ms; {args.path} median {page:.2f} ms ({page / floor:.1f}×)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
    if args.sql:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(args.path, HTTP_HOST="localhost")
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:3} {query['time']:>6}s {query['sql'][:300]}")


if __name__ == "__main__":
    main()
