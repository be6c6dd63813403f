"""On SQLite, a request that meets another's write lock waits for it instead of failing.

Two connections to one SQLite file, with the OPTIONS from settings: one holds the write
lock briefly (an import writing its rows) while the other, like a sign-in, reads and then
writes. With the default deferred transactions the second fails with "database is locked"
whatever the timeout (its read snapshot is stale once the first commits); with
transaction_mode IMMEDIATE it waits and succeeds."""

import contextlib
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking",
)
ALIAS = "lock_probe"


@contextlib.contextmanager
def probe_database(path, **option_overrides):
    options = {**settings.DATABASES["default"]["OPTIONS"], "timeout": 5, **option_overrides}
    options = {k: v for k, v in options.items() if v is not None}
    configured = connections.configure_settings(
        {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
            ALIAS: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options},
        }
    )
    connections.settings[ALIAS] = configured[ALIAS]
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE sign_in (who TEXT)")
        yield
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def sign_in_while_an_import_writes() -> list[str]:
    """Runs the two writers; the rows written, or raises what the sign-in raised."""
    lock_held, sign_in_has_read = threading.Event(), threading.Event()

    def import_rows():
        try:
            with transaction.atomic(using=ALIAS):
                connections[ALIAS].cursor().execute("INSERT INTO sign_in VALUES ('import')")
                lock_held.set()
                # A deferred sign-in reads at once; an immediate one waits at BEGIN, so it
                # cannot read until this commits: hold the lock a second at most.
                sign_in_has_read.wait(timeout=1)
                threading.Event().wait(0.3)  # the sign-in is now waiting for the lock
        finally:
            connections[ALIAS].close()

    importer = threading.Thread(target=import_rows)
    importer.start()
    lock_held.wait(timeout=5)
    try:
        with transaction.atomic(using=ALIAS):
            cursor = connections[ALIAS].cursor()
            cursor.execute("SELECT count(*) FROM sign_in")  # reads the user, the session ...
            sign_in_has_read.set()
            cursor.execute("INSERT INTO sign_in VALUES ('sign-in')")  # ... then writes
    finally:
        sign_in_has_read.set()
        importer.join()
    cursor = connections[ALIAS].cursor()
    cursor.execute("SELECT who FROM sign_in ORDER BY rowid")
    return [row[0] for row in cursor.fetchall()]


# No `db` fixture: the probe is a database file of its own, outside the test database.
def test_with_the_settings_a_sign_in_waits_for_the_lock_and_succeeds(django_db_blocker, tmp_path):
    with django_db_blocker.unblock(), probe_database(tmp_path / "probe.sqlite3"):
        assert sign_in_while_an_import_writes() == ["import", "sign-in"]


def test_without_immediate_transactions_the_same_sign_in_fails(django_db_blocker, tmp_path):
    """The control: shows the test above can fail, and why the setting is there."""
    with (
        django_db_blocker.unblock(),
        probe_database(tmp_path / "probe.sqlite3", transaction_mode=None),
        pytest.raises(OperationalError, match="database is locked"),
    ):
        sign_in_while_an_import_writes()
