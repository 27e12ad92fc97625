"""Indexes that serve searches on PostgreSQL, and a migration operation that skips them elsewhere.

Django's `icontains` and `istartswith` compare `UPPER(column)`, so the indexes are on that
expression: a trigram GIN index for "contains" and a `text_pattern_ops` btree for "starts with".
They are declared in a model's `Meta.indexes` (so the migration state is exact) and created by
`PostgresOnly(AddIndex(...))`, which does nothing on SQLite (the `run` command's database).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import AddIndexConcurrently
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.migrations.operations import AddIndex
from django.db.migrations.operations.base import Operation
from django.db.models.functions import Replace, Upper


def trigram_index(field: str, *, name: str) -> GinIndex:
    """Serves `field__icontains` (any word, anywhere in the text) on PostgreSQL with pg_trgm."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


def pattern_index(field: str, *, name: str) -> models.Index:
    """Serves `field__istartswith` (a reference or its start) whatever the database's collation."""
    return models.Index(OpClass(Upper(field), name="text_pattern_ops"), name=name)


class PostgresOnly(Operation):
    """Runs the wrapped operation's database changes on PostgreSQL only; its state change always."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, operation: Operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"


class AddIndexLive(AddIndexConcurrently):
    """`AddIndex` that does not lock a live table: CREATE INDEX CONCURRENTLY on PostgreSQL.

    Building an index over two million applications takes seconds to minutes; a plain CREATE INDEX
    blocks every write to the table meanwhile, so the office could not save a record during a
    deploy. Concurrent builds cannot run in a transaction: the migration declares `atomic = False`.
    Elsewhere (SQLite, the `run` command's database) it is a plain AddIndex.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


# Characters people type inside phone numbers and postcodes, stripped before comparing. The same
# expression is used by the index and by the search (opcc.privacy.search), so the index serves it.
PHONE_PUNCTUATION = (" ", "-", "(", ")", "+", ".")


def digits(field: str) -> models.Func:
    """A phone number as digits only ("+44 (0)7700-900 123" -> "440770090012"), on any database."""
    expression: models.Func | models.F = models.F(field)
    for char in PHONE_PUNCTUATION:
        expression = Replace(expression, models.Value(char), models.Value(""))
    return expression  # type: ignore[return-value]


def squashed(field: str) -> models.Func:
    """A postcode upper-cased without spaces ("b36 8ab" -> "B368AB")."""
    return Replace(Upper(field), models.Value(" "), models.Value(""))


def digits_index(field: str, *, name: str) -> models.Index:
    return models.Index(digits(field), name=name)


def squashed_index(field: str, *, name: str) -> models.Index:
    return models.Index(squashed(field), name=name)


def fulltext_index(field: str, *, name: str) -> GinIndex:
    """Serves the header search's full-text match on `field` (English stemming), PostgreSQL only."""
    return GinIndex(SearchVector(field, config="english"), name=name)
