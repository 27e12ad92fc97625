"""The benchmark's table (plain text, aligned) and its JSON form."""

from __future__ import annotations

import json

from .loadrun import LoadRunResult
from .measure import Measure

HEADERS = ("page", "status", "server", "SQL", "server÷SQL", "queries", "bytes", "admin", "admin÷ours")


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}×"  # noqa: RUF001 (a multiplication sign)


def rows(measures: list[Measure]) -> list[tuple[str, ...]]:
    return [
        (
            f"{m.page.group}: {m.page.label}",
            str(m.status) if m.admin_status in (None, 200) else f"{m.status} (admin {m.admin_status})",
            _seconds(m.server),
            _seconds(m.sql),
            _ratio(m.ratio),
            str(m.queries),
            f"{m.size:,}",
            _seconds(m.admin),
            _ratio(m.faster_than_admin),
        )
        for m in measures
    ]


def table(measures: list[Measure]) -> str:
    body = rows(measures)
    widths = [max(len(r[i]) for r in [HEADERS, *body]) for i in range(len(HEADERS))]

    def line(cells) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))]).rstrip()

    return "\n".join([line(HEADERS), line(["-" * w for w in widths]), *(line(r) for r in body)])


def load_run_text(result: LoadRunResult) -> str:
    lines = [
        f"Load run: {result.users} users for {result.seconds:.0f} s over gunicorn ({result.workers} workers), "
        f"{result.think:g} s reading each page: "
        f"{result.requests} requests, {result.rate:.1f} requests/s, {result.errors} errors",
    ]
    for kind, stats in result.percentiles().items():
        lines.append(
            f"  {kind:<8} n={stats['n']:<6} p50 {_seconds(stats['p50'])}  p95 {_seconds(stats['p95'])}  "
            f"p99 {_seconds(stats['p99'])}"
        )
    lines.extend(f"  error: {e}" for e in result.error_samples)
    return "\n".join(lines)


def as_json(scale: dict, measures: list[Measure], load_run: LoadRunResult | None) -> str:
    return json.dumps(
        {
            "scale": scale,
            "pages": [m.as_dict() for m in measures],
            "load_run": load_run.as_dict() if load_run else None,
        },
        indent=2,
        ensure_ascii=False,
    )
