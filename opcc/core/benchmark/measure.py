"""Timing a page: the server (Django's test client, in process) against its own SQL run directly.

Each page is requested once untimed with its queries captured (warm caches, and the SQL to replay),
then `repeat` times timed without the capture's overhead. The captured reads are re-run on the same
connection, timed, `repeat` times; writes (the session's last-seen stamp) are counted, not re-run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .pages import Page
from .users import signed_in_session

READS = ("SELECT", "WITH")


@dataclass
class Measure:
    page: Page
    status: int
    server: float
    sql: float
    queries: int
    size: int
    admin: float | None = None
    admin_status: int | None = None

    @property
    def ratio(self) -> float | None:
        return self.server / self.sql if self.sql > 0 else None

    @property
    def faster_than_admin(self) -> float | None:
        return self.admin / self.server if self.admin and self.server > 0 else None

    def as_dict(self) -> dict:
        return {
            "group": self.page.group,
            "page": self.page.label,
            "url": self.page.url,
            "status": self.status,
            "server_s": round(self.server, 4),
            "sql_s": round(self.sql, 4),
            "server_over_sql": None if self.ratio is None else round(self.ratio, 2),
            "queries": self.queries,
            "bytes": self.size,
            "admin_url": self.page.admin_url,
            "admin_s": None if self.admin is None else round(self.admin, 4),
            "admin_status": self.admin_status,
            "admin_over_ours": None if self.faster_than_admin is None else round(self.faster_than_admin, 2),
        }


def host() -> str:
    """A host name the settings accept (the test client's "testserver" is not one outside tests)."""
    for name in settings.ALLOWED_HOSTS:
        if "*" not in name:
            return name.lstrip(".")
    return "localhost"


def signed_in_client(user) -> Client:
    client = Client(HTTP_HOST=host())
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)
    return client


def _get(client: Client, url: str):
    # secure: production settings redirect plain HTTP; the benchmark stands behind no proxy.
    return client.get(url, secure=True)


def time_url(client: Client, url: str, repeat: int) -> tuple[int, float, list[str], int]:
    """(status, median seconds, captured SQL, response bytes)."""
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, url)
    sqls = [q["sql"] for q in captured.captured_queries]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = _get(client, url)
        times.append(time.perf_counter() - started)
    return response.status_code, statistics.median(times), sqls, len(response.content)


def time_sql(sqls: list[str], repeat: int) -> float:
    """Median total time of the captured reads run directly on the database."""
    reads = [s for s in sqls if s.lstrip().upper().startswith(READS)]
    totals = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute(sql)
                cursor.fetchall()
        totals.append(time.perf_counter() - started)
    return statistics.median(totals) if totals else 0.0


def measure(page: Page, client: Client, repeat: int) -> Measure:
    status, server, sqls, size = time_url(client, page.url, repeat)
    result = Measure(page, status, server, time_sql(sqls, repeat), len(sqls), size)
    if page.admin_url:
        result.admin_status, result.admin, _, _ = time_url(client, page.admin_url, repeat)
    return result
