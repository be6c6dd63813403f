"""Uploaded files on S3-compatible object storage, chosen from the environment: settings
parse strictly, and backup and restore work against a real (local, moto) S3 server."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from scrutiny.core.tests.s3 import new_bucket
from scrutiny.people.models import User
from scrutiny.tenancy.models import Region

from .test_backup import every_table, fresh_database
from .test_production_settings import run_scrutiny

pytestmark = pytest.mark.django_db

SHOW_STORAGE = (
    "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['default']))"
)


def test_local_folder_is_the_default_and_s3_is_chosen_from_the_environment(tmp_path):
    local = run_scrutiny(tmp_path, "shell", "-c", SHOW_STORAGE)
    assert json.loads(local.stdout.splitlines()[-1]) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }, local.stderr

    s3 = run_scrutiny(
        tmp_path,
        "shell",
        "-c",
        SHOW_STORAGE,
        SCRUTINY_FILE_STORAGE="s3",
        SCRUTINY_S3_BUCKET="council-scrutiny",
        SCRUTINY_S3_PREFIX="/uploads/",
        SCRUTINY_S3_ENDPOINT_URL="https://objects.example.net",
        SCRUTINY_S3_REGION="eu-west-2",
        SCRUTINY_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        SCRUTINY_S3_SECRET_ACCESS_KEY="example-secret",
        SCRUTINY_S3_ADDRESSING_STYLE="path",
    )
    assert json.loads(s3.stdout.splitlines()[-1]) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "council-scrutiny",
            "location": "uploads",
            "endpoint_url": "https://objects.example.net",
            "region_name": "eu-west-2",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "example-secret",
            "addressing_style": "path",
            "file_overwrite": False,
            "default_acl": None,
        },
    }, s3.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SCRUTINY_FILE_STORAGE": "s3"}, "needs SCRUTINY_S3_BUCKET"),
        (
            {
                "SCRUTINY_FILE_STORAGE": "s3",
                "SCRUTINY_S3_BUCKET": "b",
                "SCRUTINY_S3_ACCESS_KEY_ID": "only-the-id",
            },
            "Set both SCRUTINY_S3_ACCESS_KEY_ID and SCRUTINY_S3_SECRET_ACCESS_KEY",
        ),
        ({"SCRUTINY_FILE_STORAGE": "azure"}, "is local (the default) or s3"),
    ],
    ids=["no-bucket", "half-credentials", "unknown"],
)
def test_storage_settings_nobody_could_mean_are_refused(tmp_path, env, message):
    result = run_scrutiny(tmp_path, "check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_backup_and_restore_with_files_in_a_bucket(tmp_path, s3_server, s3_storage, settings):
    Region.objects.create(name="Bucket Region", slug="bucket-region")
    User.objects.create_user("kept@example.org")
    default_storage.save("evidence/7/report.pdf", ContentFile(b"%PDF-1.4 kept"))
    default_storage.save("papers/3/minutes.txt", ContentFile(b"minutes"))
    rows_before, files_before = every_table(), s3_storage.objects()
    assert set(files_before) == {"evidence/7/report.pdf", "papers/3/minutes.txt"}

    archive = tmp_path / "s3-backup.zip"
    call_command("backup", str(archive), verbosity=0)
    fresh_database()

    # The archive does not go back into a bucket that already holds files...
    with pytest.raises(CommandError, match="already holds files"):
        call_command("restore", str(archive), verbosity=0)
    assert not User.objects.exists()

    # ...but fills a new, empty one, with the same rows and the same files.
    empty = new_bucket(s3_server)
    settings.STORAGES = {**settings.STORAGES, "default": empty.storage_settings()}
    call_command("restore", str(archive), verbosity=0)
    assert every_table() == rows_before
    assert empty.objects() == files_before
    assert not settings.MEDIA_ROOT.exists()
