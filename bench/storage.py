"""Benchmark: saving and reading back an uploaded file, local folder against S3.

    .venv/bin/python bench/storage.py [--size-kb 100] [--size-kb 5120] [--repeat 20]

For each size, saves a file through Django's storage API and reads it back (what an
evidence upload and its download do), `repeat` times, on the local folder
(FileSystemStorage) and on an S3 bucket (django-storages' S3Storage) served by moto's server
on this machine, and reports the median milliseconds of each. moto answers from memory on
the loopback interface, so the S3 figures are the client's own cost (HTTP, signing,
boto3) without a network or a real object store's latency. Results are in the README's
"Several servers" section.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import FileSystemStorage, Storage  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

from scrutiny.core.tests.s3 import new_bucket  # noqa: E402


def timed(storage: Storage, data: bytes, repeat: int) -> tuple[float, float]:
    saves, reads = [], []
    for n in range(repeat + 1):  # the first is a warm-up
        start = time.perf_counter()
        name = storage.save(f"evidence/bench/{n}.pdf", ContentFile(data))
        saved = time.perf_counter()
        with storage.open(name, "rb") as stored:
            assert stored.read() == data
        done = time.perf_counter()
        if n:
            saves.append((saved - start) * 1000)
            reads.append((done - saved) * 1000)
    return statistics.median(saves), statistics.median(reads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-kb", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"{'file':>8}  {'store':<6} {'save ms':>8} {'read ms':>8}")
    try:
        for size_kb in args.size_kb or [100, 5120]:
            data = os.urandom(size_kb * 1024)
            with tempfile.TemporaryDirectory() as folder:
                bucket = new_bucket(f"http://{host}:{port}")
                stores = {
                    "local": FileSystemStorage(location=folder),
                    "s3": S3Storage(**bucket.storage_settings()["OPTIONS"]),
                }
                for label, storage in stores.items():
                    save_ms, read_ms = timed(storage, data, args.repeat)
                    print(f"{size_kb:>6}KB  {label:<6} {save_ms:>8.1f} {read_ms:>8.1f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
