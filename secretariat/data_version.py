"""A cheap key for everything made from the data: one token that changes with every change.

Every statement that writes to the site's tables (``INSERT``, ``UPDATE``, ``DELETE``; the admin,
the actions, the importer, bulk updates and raw SQL alike) gives the one row of ``DataVersion`` a
new random token. It is seen at the connection, not in the models' signals, so that nothing that
writes can forget it. A page, document or file made from the data is kept under the token it was
made at (``secretariat.read_cache``): reading it again costs one query for the token and a lookup.

When: after the transaction that wrote commits (``on_commit``), once per transaction, so that
writers never wait for each other on the row. A reader who reads the old token in between and
makes a page from the new data keeps a newer page under the old key, which no one asks for once
the token changes; never an old page under a new key. Inside a test's transaction, which never
commits, the token changes at once. The token is random, never a counter, so that a token
rolled back (a failed transaction, a test, a restored backup) is never given to other data.

Tables that change without changing what anyone reads are left out: sessions, the cache itself
(whatever table ``CACHES`` names), login attempts, the workers' heartbeats, and this row.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

TABLE = "secretariat_dataversion"
IGNORED_PREFIXES = ("axes_",)


def _ignored_tables() -> frozenset[str]:
    caches = [
        str(cache["LOCATION"]).lower()
        for cache in settings.CACHES.values()
        if str(cache.get("BACKEND", "")).endswith("DatabaseCache")
    ]
    # API tokens (their last use is written as they are used) and webhooks (each delivery's
    # attempts): no page kept for a reader shows them.
    interface = {"api_apitoken", "api_webhook", "api_webhookdelivery"}
    # The search index: made from the sessions' rows, which changed (and said so) before it; and
    # the archive import's batches, whose pages are never kept (a page read moves the progress).
    search = {"archive_searchentry", "archive_indexedsession", "archive_importbatch", "archive_importfile"}
    return frozenset({TABLE, "django_session", "secretariat_workerheartbeat", *interface, *search, *caches})


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_BUMP = (
    f'INSERT INTO "{TABLE}" ("id", "token") VALUES (1, %s) '
    'ON CONFLICT ("id") DO UPDATE SET "token" = excluded."token"'
)
_migrating = False


def changes_data(sql: str) -> bool:
    """Whether ``sql`` writes to a table whose rows someone reads."""
    found = _WRITE.match(sql)
    if found is None:
        return False
    table = found.group(1).lower()
    return table not in _ignored_tables() and not table.startswith(IGNORED_PREFIXES)


def current(using: str = "default") -> str | None:
    """The token now; ``None`` before the first change (nothing made is kept then)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f'SELECT "token" FROM "{TABLE}" WHERE "id" = 1')
        row = cursor.fetchone()
    return row[0] if row else None


def _bump(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, [secrets.token_hex(16)])


def _in_test_transaction(connection: BaseDatabaseWrapper) -> bool:
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


class _Watcher:
    """The connection's execute wrapper: lets every statement through, then notes a change."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not _migrating and isinstance(sql, str) and changes_data(sql):
            self.changed()
        return result

    def changed(self) -> None:
        connection = self.connection
        if _in_test_transaction(connection) or not (
            connection.in_atomic_block or connection.get_autocommit()
        ):
            _bump(connection)  # a transaction that never commits here, or one managed by hand
        elif not any(entry[1] == self.commit for entry in connection.run_on_commit):
            connection.on_commit(self.commit, robust=True)

    def commit(self) -> None:
        _bump(self.connection)


def watch(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    if not any(isinstance(wrapper, _Watcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_Watcher(connection))


def _migration_started(**kwargs) -> None:
    global _migrating
    _migrating = True


def _migration_finished(**kwargs) -> None:
    global _migrating
    _migrating = False


def connect() -> None:
    """Watch every connection, those open already included (``AppConfig.ready``)."""
    connection_created.connect(watch, dispatch_uid="secretariat.data_version")
    pre_migrate.connect(_migration_started, dispatch_uid="secretariat.data_version.pre")
    post_migrate.connect(_migration_finished, dispatch_uid="secretariat.data_version.post")
    for connection in connections.all(initialized_only=True):
        watch(None, connection)
