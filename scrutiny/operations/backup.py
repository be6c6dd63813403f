"""Backups that restore: one zip archive with the database and every stored file.

The archive holds `database.json` (Django's dumpdata: portable between SQLite and
PostgreSQL), `media/<name>` for every file in the default storage (the local folder or an
S3 bucket: files are listed, read and written through Django's storage API), and `manifest.json`
listing each member's SHA-256 and size and the migrations the database had. Restore checks
the whole archive before it changes anything, and only restores into a freshly migrated,
empty database and an empty file store, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from auditlog.context import disable_auditlog
from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .serializer import FORMAT as EXACT_JSON

FORMAT = "scrutiny-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media/"
CHUNK = 1024 * 1024

# Rows that `migrate` itself writes into a new database (content types, permissions, the
# shipped framework library and its audit entries): a target holding only these is empty.
FILLED_BY_MIGRATE = {"contenttypes", "auth.permission", "library", "audit"}


class BackupError(Exception):
    """A backup that cannot be written or an archive that cannot be restored; says why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    rows: int
    files: int
    size: int


def stored_files(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a file store nothing was ever uploaded to
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def write_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive at `path` (never over an existing file; a half-written archive is
    left under a `.partial` name and removed, so `path` only ever holds a whole backup)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name for the backup.")
    partial = path.with_name(path.name + ".partial")
    members: dict[str, dict[str, Any]] = {}
    try:
        with (
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
            tempfile.TemporaryDirectory() as scratch,
        ):
            dump = Path(scratch) / DATABASE
            rows = _dump_database(dump, using)
            with dump.open("rb") as source, archive.open(DATABASE, "w", force_zip64=True) as out:
                sha256, size = _copy_hashing(source, out)
            members[DATABASE] = {"sha256": sha256, "size": size}
            for name in stored_files():
                with (
                    default_storage.open(name, "rb") as source,
                    archive.open(MEDIA + name, "w", force_zip64=True) as out,
                ):
                    sha256, size = _copy_hashing(source, out)
                members[MEDIA + name] = {"sha256": sha256, "size": size}
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connections[using].vendor,
                "rows": rows,
                "migrations": applied_migrations(using),
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        os.chmod(partial, 0o600)  # it holds every record and password hash
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(path, rows, len(members) - 1, path.stat().st_size)


def _dump_database(target: Path, using: str) -> int:
    """dumpdata of every model (base managers, so nothing a default manager hides), from one
    consistent snapshot of the database."""
    connection = connections[using]
    # One snapshot for every table, so rows written during the backup cannot half appear;
    # only the outermost transaction can choose its isolation level.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            all=True,
            format=EXACT_JSON,
            database=using,
            output=str(target),
            verbosity=0,
        )
    with target.open("rb") as dump:
        return len(json.load(dump))


# --- restore ----------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return (
        not pure.is_absolute()
        and ".." not in pure.parts
        and "\\" not in name
        and (name == DATABASE or (name.startswith(MEDIA) and len(name) > len(MEDIA)))
    )


def verify_archive(path: Path) -> dict[str, Any]:
    """Check the whole archive against its manifest; BackupError naming what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    if not zipfile.is_zipfile(path):
        raise BackupError(f"{path} is not a Scrutiny backup: it is not a zip archive.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise BackupError(f"{path} has no {MANIFEST}: it is not a Scrutiny backup.")
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except ValueError as error:
                raise BackupError(f"{path}: {MANIFEST} is not valid JSON ({error}).") from None
            if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
                raise BackupError(
                    f"{path}: {MANIFEST} does not describe a Scrutiny backup of version "
                    f"{FORMAT_VERSION}."
                )
            members: dict[str, dict[str, Any]] = manifest.get("members", {})
            if DATABASE not in members:
                raise BackupError(f"{path}: the manifest lists no {DATABASE}.")
            for name in members:
                if not _safe_member(name):
                    raise BackupError(f"{path}: the manifest lists an unsafe name {name!r}.")
            missing = sorted(set(members) - names)
            if missing:
                raise BackupError(
                    f"{path} is damaged: {missing[0]} is listed in the manifest but missing."
                )
            unlisted = sorted(names - set(members) - {MANIFEST})
            if unlisted:
                raise BackupError(
                    f"{path}: {unlisted[0]} is in the archive but not in the manifest."
                )
            for name, expected in members.items():
                with archive.open(name) as member:
                    digest = hashlib.sha256()
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
                if digest.hexdigest() != expected.get("sha256"):
                    raise BackupError(
                        f"{path} is damaged: the checksum of {name} does not match the manifest."
                    )
    except zipfile.BadZipFile as error:  # a member's CRC or header is broken
        raise BackupError(f"{path} is damaged: {error}.") from None
    return manifest


def populated_models(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Models holding rows that a fresh `migrate` would not have written."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in FILLED_BY_MIGRATE or meta.label_lower in FILLED_BY_MIGRATE:
            continue
        if not meta.managed or meta.proxy:
            continue
        if model._base_manager.using(using).exists():
            found.append(meta.label)
    return found


def check_target(manifest: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """The database has the archive's migrations and no data; the file store is empty."""
    applied = set(applied_migrations(using))
    if not applied:
        raise BackupError("This database has no tables yet: run `migrate` first, then restore.")
    missing = sorted(set(manifest["migrations"]) - applied)
    if missing:
        raise BackupError(
            f"The backup was made after migrations this database does not have "
            f"({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}): install the "
            f"Scrutiny version that made it, run `migrate`, then restore."
        )
    populated = populated_models(using)
    if populated:
        raise BackupError(
            "Restore only fills an empty database, and this one already holds data "
            f"({', '.join(populated[:5])}{'…' if len(populated) > 5 else ''}): create a new "
            "database, run `migrate`, and restore into that."
        )
    first_file = next(stored_files(), None)
    if first_file is not None:
        raise BackupError(
            f"Restore only fills an empty file store, and this one already holds files "
            f"(e.g. {first_file}): point SCRUTINY_VAR_DIR at an empty folder (or, with "
            "SCRUTINY_FILE_STORAGE=s3, SCRUTINY_S3_BUCKET or SCRUTINY_S3_PREFIX at an empty "
            "bucket or prefix)."
        )


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Verify `path`, check the target is empty, then load the database and the files in one
    transaction: if any file cannot be written the database is rolled back and the files
    already written are removed."""
    path = Path(path)
    manifest = verify_archive(path)
    check_target(manifest, using)
    media = [name for name in manifest["members"] if name != DATABASE]
    written: list[str] = []
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / f"database.{EXACT_JSON}"  # loaddata reads the format from it
        with archive.open(DATABASE) as source, dump.open("wb") as target:
            _copy_hashing(source, target)
        try:
            with transaction.atomic(using=using), disable_auditlog():
                _empty_every_table(using)
                call_command("loaddata", str(dump), database=using, verbosity=0)
                for member in media:
                    name = member.removeprefix(MEDIA)
                    with archive.open(member) as source:
                        saved = default_storage.save(name, File(source, name=name))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"The file store renamed {name} to {saved}.")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return Summary(path, manifest["rows"], len(media), path.stat().st_size)


def _empty_every_table(using: str) -> None:
    """What `migrate` wrote (content types, permissions, library) makes way for the backup's
    own rows, whose ids the other rows point at."""
    connection = connections[using]
    statements = sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
    with constraints_checked_now(connection):
        connection.ops.execute_sql_flush(statements)


@contextmanager
def constraints_checked_now(connection):
    """PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks pending in the
    transaction (rows written earlier in it); check them now, and defer again afterwards so
    loaddata can insert rows before the rows they point at."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
