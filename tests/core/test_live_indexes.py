"""Indexes added to a table that already holds rows are built without blocking writes.

An index added after a table's first migration (in a later migration than the one creating the
table) may meet millions of rows on a live database: a
plain CREATE INDEX blocks every write while it builds. Such migrations use
`opcc.core.indexes.AddIndexLive` (CREATE INDEX CONCURRENTLY on PostgreSQL) and `atomic = False`.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations import AddIndex, CreateModel
from django.db.migrations.loader import MigrationLoader

from opcc.core.indexes import AddIndexLive, PostgresOnly

PROJECT_APPS = {
    "grants",
    "complaints",
    "volunteers",
    "engagement",
    "core",
    "audit",
    "reports",
    "exports",
    "accounts",
}


def _operations(operation):
    yield operation
    if isinstance(operation, PostgresOnly):
        yield from _operations(operation.operation)


def later_index_operations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in PROJECT_APPS or name.startswith("0001"):
            continue
        # A table this migration creates is empty: its indexes need no concurrent build.
        created = {op.name_lower for op in migration.operations if isinstance(op, CreateModel)}
        for top in migration.operations:
            for operation in _operations(top):
                if isinstance(operation, AddIndex) and operation.model_name_lower not in created:
                    yield app, name, migration, operation


def test_there_are_later_indexes_to_check():
    assert any(True for _ in later_index_operations())


@pytest.mark.parametrize("app,name,migration,operation", list(later_index_operations()), ids=str)
def test_later_indexes_are_built_concurrently(app, name, migration, operation):
    assert isinstance(operation, AddIndexLive), f"{app}.{name}: {operation.describe()} would lock the table"
    assert migration.atomic is False, f"{app}.{name} must set atomic = False for CREATE INDEX CONCURRENTLY"


@pytest.mark.django_db
def test_the_list_indexes_exist_and_are_valid():
    """A failed concurrent build leaves an INVALID index behind; none is."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname IN ('app_received_id', 'app_title_trgm', 'org_name_id')"
        )
        found = dict(cursor.fetchall())
    assert found == {"app_received_id": True, "app_title_trgm": True, "org_name_id": True}
