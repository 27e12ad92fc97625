"""The annual statistics pack in memory: every registered section for a year, its checks, its figures.

Sections come from `settings.REPORT_SECTIONS`, an ordered list of dotted paths to functions
`section(*, start_year: int) -> opcc.core.statistics.StatTable`. The pack knows nothing about any
domain app beyond that list. The task and the command line both build the pack here, then hand it to
the exporters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from opcc.core.models import fy_label
from opcc.core.statistics import StatTable, identical_rows

SectionFunction = Callable[..., StatTable]


class SectionError(Exception):
    """A section function failed or returned something that is not a table; says which one."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"The section {section_label(path)} ({path}) could not be built: {reason}")


@dataclass(frozen=True)
class Check:
    section_key: str
    section_title: str
    period: str
    message: str


@dataclass
class Pack:
    start_year: int
    tables: list[StatTable] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def financial_year(self) -> str:
        return fy_label(self.start_year)

    @property
    def checks(self) -> list[Check]:
        """Every table's consistency checks, this year's first, then last year's."""
        out: list[Check] = []
        for table in self.tables:
            for source in (table, table.previous):
                if source is not None:
                    out.extend(Check(table.key, table.title, source.period, m) for m in source.checks)
        return out

    def figures(self) -> list[dict[str, Any]]:
        """Long form (topic, metric, period, value, unit) for this year and the previous one."""
        out: list[dict[str, Any]] = []
        for table in self.tables:
            out.extend(table.figures())
            if table.previous is not None:
                out.extend(table.previous.figures())
        return out


def registered_sections() -> list[str]:
    return list(settings.REPORT_SECTIONS)


def section_label(path: str) -> str:
    """A readable name for a section before it has run: its function name in words."""
    name = path.rsplit(".", 1)[-1].replace("_", " ").strip()
    return f"“{name[:1].upper()}{name[1:]}”" if name else path


def _call(path: str, function: SectionFunction, start_year: int) -> StatTable:
    try:
        table = function(start_year=start_year)
    except Exception as exc:
        if is_transient(exc):
            raise
        raise SectionError(path, f"{exc.__class__.__name__}: {exc}" if str(exc) else repr(exc)) from exc
    if not isinstance(table, StatTable):
        raise SectionError(path, f"it returned {type(table).__name__}, not a statistics table")
    return table


def is_transient(exc: BaseException) -> bool:
    """Database connection trouble: worth retrying rather than failing the run."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def _add_generic_checks(table: StatTable) -> None:
    for message in identical_rows(table):
        if message not in table.checks:
            table.checks.append(message)


def build_section(path: str, *, start_year: int) -> StatTable:
    """This year's table with last year's attached when it has rows; generic checks added."""
    try:
        function = import_string(path)
    except ImportError as exc:
        raise SectionError(path, "no such function is installed (check settings.REPORT_SECTIONS)") from exc
    table = _call(path, function, start_year)
    previous = _call(path, function, start_year - 1)
    _add_generic_checks(table)
    if previous.rows:
        _add_generic_checks(previous)
        previous.previous = None
        table.previous = previous
    else:
        table.previous = None
    return table


def build_pack(
    start_year: int,
    *,
    sections: list[str] | None = None,
    on_section: Callable[[int, int, str], None] | None = None,
) -> Pack:
    """Build every section in order; `on_section(done, total, next_label)` after each one."""
    paths = registered_sections() if sections is None else list(sections)
    pack = Pack(start_year=start_year)
    for index, path in enumerate(paths):
        pack.tables.append(build_section(path, start_year=start_year))
        if on_section is not None:
            following = section_label(paths[index + 1]) if index + 1 < len(paths) else ""
            on_section(index + 1, len(paths), following)
    return pack
