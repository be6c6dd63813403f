"""A real S3-compatible server for tests: moto's server mode on a free local port.

`s3_server` starts it once per test session; `s3_storage` makes a new, empty bucket and
points Django's default storage at it with the settings `SCRUTINY_FILE_STORAGE=s3` builds,
so uploads, downloads, backup and restore go over HTTP to the server as they would to a
real object store. Tests read the bucket back with boto3 directly, not through the code
under test.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

ACCESS_KEY = "scrutiny-test"
SECRET_KEY = "scrutiny-test-secret"  # noqa: S105 - the local moto server accepts anything
REGION = "eu-west-2"


@dataclass
class S3Bucket:
    endpoint_url: str
    name: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket by key, read with boto3."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.name):
            for entry in page.get("Contents", ()):
                body = client.get_object(Bucket=self.name, Key=entry["Key"])["Body"]
                found[entry["Key"]] = body.read()
        return found

    def storage_settings(self, prefix: str = "") -> dict:
        """What scrutiny/settings.py puts in STORAGES["default"] for these SCRUTINY_S3_*."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "location": prefix,
                "endpoint_url": self.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "addressing_style": "path",
                "file_overwrite": False,
                "default_acl": None,
            },
        }


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per S3 request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint_url: str) -> S3Bucket:
    bucket = S3Bucket(endpoint_url, f"scrutiny-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(
        Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return bucket


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path) -> S3Bucket:
    """Default storage on a new empty bucket; MEDIA_ROOT points at a folder that must stay
    empty (nothing may bypass the storage API and write to disk)."""
    bucket = new_bucket(s3_server)
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_settings()}
    return bucket
