"""``migrate`` creates the embedded default's cache table: an installation cannot forget it."""

import importlib
from types import SimpleNamespace

from django.db import connection


def test_the_migration_creates_the_cache_table_where_it_is_missing(db):
    migration = importlib.import_module("secretariat.migrations.0014_cache_table")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE cache_table")
    assert "cache_table" not in connection.introspection.table_names()
    migration.create_cache_table(None, SimpleNamespace(connection=connection))
    assert "cache_table" in connection.introspection.table_names()
