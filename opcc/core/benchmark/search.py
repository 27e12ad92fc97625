"""`benchmark --search`: time finding a person (opcc.privacy.search) in the data loaded.

A person is taken from the loaded complaint reviews (else correspondence, else volunteers); each
search is timed whole (median of `repeat`) and per source (its one query, SQL only), and each
source's plan is checked for a sequential scan.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection

from complaints.models import Review
from engagement.models import Case
from opcc.privacy import search
from volunteers.models import Volunteer


@dataclass
class SearchTiming:
    label: str
    total_ms: float
    results: int
    sources: list[tuple[str, float, bool]]  # source key, SQL ms, whether its plan reads a whole table


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _person() -> dict[str, str]:
    for model, fields in (
        (
            Review,
            (
                "complainant_name",
                "complainant_email",
                "complainant_phone",
                "complainant_postcode",
                "reference",
            ),
        ),
        (Case, ("correspondent_name", "correspondent_email", "correspondent_phone", "", "reference")),
        (Volunteer, ("last_name", "email", "phone", "postcode", "")),
    ):
        row = (
            model._default_manager.exclude(**{fields[1]: ""})
            .order_by("pk")
            .values(*filter(None, fields))
            .first()
        )
        if row:
            keys = ("name", "email", "phone", "postcode", "reference")
            return {key: str(row.get(f, "")) for key, f in zip(keys, fields, strict=True) if f}
    return {}


def _misspelt(name: str) -> str:
    """The surname with its first vowel after the first letter changed ("Smith" -> "Smyth")."""
    words = name.split()
    last = words[-1] if words else name
    for i, char in enumerate(last[1:], 1):
        if char.lower() in "aeiou":
            last = last[:i] + ("y" if char.lower() != "y" else "i") + last[i + 1 :]
            break
    return " ".join([*words[:-1], last])


def _fetch(queryset) -> list:
    return list(queryset.all())  # a fresh copy: a queryset caches its rows after the first read


def _timed(label: str, plan: search.Plan, run: Callable[[], list], repeat: int) -> SearchTiming:
    run()  # warm: content types, permissions
    total = _median_ms(run, repeat)
    results = sum(len(g.results) for g in run())
    sources = []
    with plan.similarity():
        for src, qs in plan.querysets():
            capped = qs[:21]
            sql_ms = _median_ms(partial(_fetch, capped), repeat)
            whole = f"Seq Scan on {src.model_class._meta.db_table}" in capped.select_related(None).explain()
            sources.append((src.key, sql_ms, whole))
    return SearchTiming(label, total, results, sources)


def run_searches(*, user, repeat: int) -> list[SearchTiming]:
    person = _person()
    if not person:
        return []
    timings = []
    asks: dict[str, Any] = {
        "name": {"name": person["name"]},
        "misspelt name": {"name": _misspelt(person["name"])},
        **{key: {key: person[key]} for key in ("email", "phone", "postcode", "reference") if person.get(key)},
        "every detail": person,
    }
    for label, ask in asks.items():
        plan = search.person_plan(**ask)
        timings.append(_timed(f"find_person by {label}", plan, partial(search.find_person, **ask), repeat))
    queries = {
        "name": person["name"],
        "misspelt name": _misspelt(person["name"]),
        "email": person.get("email", ""),
        "reference": person.get("reference", ""),
        "subject word": "streetlights",
        "two letters": "Jo",
    }
    for label, query in queries.items():
        if not query:
            continue
        plan = search.records_plan(user=user, query=query)
        run = partial(search.search_records, user=user, query=query)
        timings.append(_timed(f"search_records by {label}", plan, run, repeat))
    return timings


def table(timings: list[SearchTiming]) -> str:
    lines = ["Finding a person (median ms; per source: its one query, SQL only; * = reads a whole table):"]
    for t in timings:
        slowest = sorted(t.sources, key=lambda s: -s[1])[:3]
        per_source = ", ".join(f"{key} {ms:.1f}{'*' if whole else ''}" for key, ms, whole in slowest)
        lines.append(f"  {t.label:<36} {t.total_ms:8.1f} ms {t.results:4d} results; slowest: {per_source}")
    whole = sorted({key for t in timings for key, _, w in t.sources if w})
    lines.append(f"Sources whose plan reads a whole table: {', '.join(whole) if whole else 'none'}")
    lines.append(f"(database: {connection.vendor})")
    return "\n".join(lines)
