"""backup → restore gives back every row of every table and every stored file; a damaged
archive, or a target that is not empty, is refused and changes nothing.

Rows are read with plain SQL and files from disk, not through the code under test. "A
freshly migrated database" is made as `flush` makes it: every table emptied, then what
`migrate` writes after creating the tables (content types, permissions, shipped library).
The suite runs on SQLite and on PostgreSQL, so both are covered.
"""

import json
import shutil
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from scrutiny.library.loader import load_library_files, shipped_library_files
from scrutiny.library.models import FrameworkTemplate
from scrutiny.operations.backup import constraints_checked_now
from scrutiny.people.models import User
from scrutiny.tenancy.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_store(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _link_tables() -> dict[str, list[str]]:
    """Many-to-many link tables Django makes itself, with their columns other than `id`."""
    from django.apps import apps

    tables = {}
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables[through._meta.db_table] = [
                    f.column for f in through._meta.local_fields if not f.primary_key
                ]
    return tables


def every_table() -> dict[str, list[tuple]]:
    """Every row of every table Django manages (m2m tables too), sorted. A link table's own
    `id` is left out: a dump keeps the links, not their row numbers, and on PostgreSQL the
    restored links take new numbers from a sequence earlier tests have moved on."""
    links = _link_tables()
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            columns = ", ".join(quote(c) for c in links[table]) if table in links else "*"
            cursor.execute(f"SELECT {columns} FROM {quote(table)}")  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def every_file(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def fresh_database() -> None:
    with constraints_checked_now(connection):  # inside the test's transaction on PostgreSQL
        call_command("flush", interactive=False, verbosity=0)


def differing_tables(expected, actual) -> list[str]:
    return [t for t in expected if expected[t] != actual.get(t)]


def test_the_demo_survives_backup_and_restore(tmp_path, file_store):
    if not FrameworkTemplate.objects.exists():  # emptied by an earlier transactional test
        load_library_files(shipped_library_files())
    call_command("demo", verbosity=0)
    rows_before, files_before = every_table(), every_file(file_store)
    assert len(files_before) >= 2  # the demo's review evidence
    assert sum(len(r) for r in rows_before.values()) > 1000

    archive = tmp_path / "scrutiny-backup.zip"
    call_command("backup", str(archive), verbosity=0)
    fresh_database()
    shutil.rmtree(file_store)
    assert not User.objects.exists()

    call_command("restore", str(archive), verbosity=0)
    rows_after = every_table()
    assert differing_tables(rows_before, rows_after) == []
    assert rows_after == rows_before
    assert every_file(file_store) == files_before


@pytest.fixture
def small_backup(tmp_path, file_store, make_user) -> Path:
    """A region, a person and two stored files, backed up."""
    Region.objects.create(name="Backup Region", slug="backup-region")
    make_user(email="kept@example.org")
    default_storage.save("evidence/a/first.pdf", ContentFile(b"%PDF-1.4 first"))
    default_storage.save("papers/second.txt", ContentFile(b"second file"))
    archive = tmp_path / "small.zip"
    call_command("backup", str(archive), verbosity=0)
    return archive


def rewrite(archive: Path, target: Path, *, drop=(), replace=None, manifest_edit=None) -> Path:
    """A copy of `archive` with members dropped or replaced, or its manifest edited."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            if name in drop:
                continue
            data = source.read(name)
            if replace and name in replace:
                data = replace[name]
            if name == "manifest.json" and manifest_edit:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            out.writestr(name, data)
    return target


def test_the_manifest_lists_every_member_with_its_checksum(small_backup):
    import hashlib

    with zipfile.ZipFile(small_backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert set(manifest["members"]) == {
            "database.json",
            "media/evidence/a/first.pdf",
            "media/papers/second.txt",
        }
        for name, entry in manifest["members"].items():
            assert entry["sha256"] == hashlib.sha256(archive.read(name)).hexdigest()
        dumped = json.loads(archive.read("database.json"))
    assert {"kept@example.org"} == {
        o["fields"]["email"] for o in dumped if o["model"] == "people.user"
    }
    assert small_backup.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_backup_never_overwrites_a_file(small_backup):
    before = small_backup.read_bytes()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(small_backup))
    assert small_backup.read_bytes() == before


def test_restore_refuses_a_database_that_holds_data(small_backup):
    rows = every_table()
    with pytest.raises(CommandError, match=r"already holds data \(.*people\.User"):
        call_command("restore", str(small_backup))
    assert every_table() == rows


def test_restore_refuses_a_file_store_that_holds_files(small_backup):
    fresh_database()
    rows = every_table()
    with pytest.raises(CommandError, match="already holds files"):
        call_command("restore", str(small_backup))
    assert every_table() == rows


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            {"replace": {"media/papers/second.txt": b"tampered"}},
            "damaged: the checksum of media/papers/second.txt does not match",
        ),
        ({"drop": ["media/evidence/a/first.pdf"]}, "media/evidence/a/first.pdf is listed in"),
        ({"drop": ["database.json"]}, "database.json is listed in the manifest but missing"),
        ({"drop": ["manifest.json"]}, "has no manifest.json"),
        (
            {"manifest_edit": lambda m: m["members"].update({"media/../../etc/x": {}})},
            "unsafe name",
        ),
        (
            {"manifest_edit": lambda m: m["migrations"].append("people.9999_future")},
            "migrations this database does not have",
        ),
    ],
    ids=["checksum", "missing-file", "missing-database", "no-manifest", "unsafe", "newer"],
)
def test_restore_refuses_a_damaged_archive_and_changes_nothing(
    small_backup, file_store, tmp_path, damage, message
):
    damaged = rewrite(small_backup, tmp_path / "damaged.zip", **damage)
    fresh_database()
    shutil.rmtree(file_store)
    rows = every_table()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged))
    assert every_table() == rows
    assert every_file(file_store) == {}


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path):
    not_zip = tmp_path / "notes.zip"
    not_zip.write_bytes(b"this is not a backup")
    with pytest.raises(CommandError, match="not a zip archive"):
        call_command("restore", str(not_zip))


def test_a_file_that_cannot_be_written_rolls_the_whole_restore_back(small_backup, file_store):
    fresh_database()
    shutil.rmtree(file_store)
    rows = every_table()
    real_save = default_storage.save
    calls = []

    def failing_save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(name, content, *args, **kwargs)

    with (
        mock.patch.object(default_storage, "save", failing_save),
        pytest.raises(OSError, match="disk full"),
    ):
        call_command("restore", str(small_backup))
    assert every_table() == rows
    assert every_file(file_store) == {}
    assert len(calls) == 2


def test_timestamps_keep_their_microseconds(make_user):
    """Django's own JSON format cuts them to milliseconds; a restored record would differ."""
    import datetime

    from django.core import serializers

    person = make_user()
    person.date_joined = datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    (restored,) = serializers.deserialize("exactjson", serializers.serialize("exactjson", [person]))
    assert restored.object.date_joined == person.date_joined
    (cut,) = serializers.deserialize("json", serializers.serialize("json", [person]))
    assert cut.object.date_joined.microsecond == 123000  # why the backup has its own format
