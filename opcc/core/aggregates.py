"""Aggregates every module's statistics may use on PostgreSQL and on the embedded SQLite default.

PostgreSQL has `percentile_cont`; SQLite has no median, so each new SQLite connection gets a
`median` aggregate (registered from `CoreConfig.ready`). Both give the middle value, or the mean of
the two middle values, ignoring NULLs, so the demo's report pack reads the same on either.
"""

from __future__ import annotations

import statistics

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, F, FloatField, Func, IntegerField


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        plain = self.copy()  # Aggregate.as_sql builds its FILTER template from these attributes
        plain.function, plain.template = "median", "%(function)s(%(expressions)s)"
        return plain.as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """Whole days from the first date to the second."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, first: str, last: str):
        super().__init__(F(last), F(first))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class _SQLiteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def add_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("median", 1, _SQLiteMedian)


def connect() -> None:
    connection_created.connect(add_sqlite_functions, dispatch_uid="opcc.core.aggregates.sqlite")
