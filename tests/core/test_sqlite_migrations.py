"""The run command's database is SQLite: every migration must apply there from empty.

PostgreSQL-only indexes (opclass and trigram) are skipped on SQLite by `PostgresOnly`, but SQLite
rebuilds a whole table for some later operations (a new check constraint) and would then try to
create every index in the migration state. This runs the real `migrate` in a child process on a
throwaway SQLite file, as `scripts/run` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_migration_applies_on_sqlite(tmp_path):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    # The report pack's database aggregates work there too (opcc.core.aggregates): the median of
    # the suites' open days, and whole days between two dates, against Python's own arithmetic.
    check = """
import datetime as dt, statistics, django
django.setup()
from opcc.core.aggregates import DaysBetween, Median
from opcc.core.models import CustodySuite
spans = [(dt.date(2024, 1, 1), dt.date(2024, 3, 1)), (dt.date(2023, 12, 31), dt.date(2024, 1, 2)),
         (dt.date(2024, 2, 28), dt.date(2024, 3, 1)), (dt.date(2020, 1, 1), dt.date(2024, 12, 31))]
for n, (opened, closed) in enumerate(spans):
    CustodySuite.objects.create(name=f"Check {n}", opened_on=opened, closed_on=closed)
rows = CustodySuite.objects.filter(name__startswith="Check").annotate(days=DaysBetween("opened_on", "closed_on"))
days = sorted(r.days for r in rows)
assert days == sorted((c - o).days for o, c in spans), days
median = rows.aggregate(m=Median(DaysBetween("opened_on", "closed_on")))["m"]
assert median == statistics.median(days), (median, days)
assert CustodySuite.objects.filter(name="none").aggregate(m=Median("weekly_visit_target"))["m"] is None
print("ok")
"""
    env["DJANGO_SETTINGS_MODULE"] = "opcc.settings"
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
