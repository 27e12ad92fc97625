"""A real Celery worker process for tests that must prove work crosses a broker.

The worker runs ``celery -A opcc worker --pool=solo`` in its own process group against the
pytest-django test database and the Redis broker named by CELERY_BROKER_URL. Tests use it through
the ``celery_worker_process`` fixture (tests/conftest.py), marked ``@pytest.mark.worker`` and
``@pytest.mark.django_db(transaction=True)`` so the worker sees what the test commits.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = REPO_ROOT / "test-results"
START_TIMEOUT = float(os.environ.get("CELERY_WORKER_START_TIMEOUT", "60"))
STOP_TIMEOUT = 20.0

_NO_REDIS = (
    "The real-worker tests need a Redis broker: set CELERY_BROKER_URL=redis://HOST:PORT/DB "
    "(./scripts/test starts Redis and sets it). Got: {url!r}."
)


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    nodename: str
    database_url: str
    broker_url: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no worker log)"
        return "\n".join(text.splitlines()[-lines:]) or "(worker log is empty)"


def require_worker_markers(item: pytest.Item) -> None:
    """A test using the real worker must say so, and commit its data where the worker can see it."""
    db = item.get_closest_marker("django_db")
    missing = []
    if item.get_closest_marker("worker") is None:
        missing.append("@pytest.mark.worker")
    if db is None or not db.kwargs.get("transaction"):
        missing.append("@pytest.mark.django_db(transaction=True)")
    if missing:
        pytest.fail(f"{item.nodeid} uses celery_worker_process: add {' and '.join(missing)}.", pytrace=False)


def broker_url_from_env() -> str:
    """The Redis URL from the environment; fails the test (never skips) when there is none."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        pytest.fail(_NO_REDIS.format(url=url), pytrace=False)
    return url


def worker_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django created (read after its setup)."""
    from django.db import connection

    conf = connection.settings_dict
    if conf["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail(
            "The real-worker tests need PostgreSQL (a second process cannot share the SQLite test "
            f"database); the test database engine is {conf['ENGINE']}. Set DATABASE_URL.",
            pytrace=False,
        )
    name = conf["NAME"]
    if not name.startswith("test_"):
        pytest.fail(f"Refusing to point a worker at {name!r}: it is not a test database.", pytrace=False)
    user = quote(conf.get("USER") or "", safe="")
    password = quote(conf.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(conf.get("HOST") or "localhost", safe="")
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"


def _ping(nodename: str) -> bool:
    from opcc.celery import app

    try:
        replies = app.control.ping(destination=[nodename], timeout=1.0)
    except Exception:  # the broker may not accept connections yet
        return False
    return any(nodename in reply for reply in replies or [])


def _stop(worker: WorkerProcess) -> None:
    process = worker.process
    if process.poll() is not None:
        return
    # Own process group (start_new_session): only what this fixture started is signalled.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running_worker() -> Iterator[WorkerProcess]:
    """Start a worker, wait until it answers a ping, stop it (TERM, then KILL) afterwards."""
    broker_url = broker_url_from_env()
    database_url = worker_database_url()
    nodename = f"pytest-{os.getpid()}-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "opcc.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # No idle connections left open: pytest-django flushes and finally drops this database.
        "CONN_MAX_AGE": "0",
    }
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"celery-worker-{os.getpid()}.log"
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "opcc", "worker", "--pool=solo", "-l", "WARNING", "-n", nodename]
    with log_path.open("w") as log:
        process = subprocess.Popen(  # a fixed command, no shell
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = WorkerProcess(
        process=process,
        nodename=nodename,
        database_url=database_url,
        broker_url=broker_url,
        log_path=log_path,
    )
    # scripts/test stops any worker recorded here if pytest itself is killed.
    pid_dir = os.environ.get("TEST_WORKER_PID_DIR")
    pid_file = Path(pid_dir) / f"celery-{process.pid}" if pid_dir else None
    if pid_file:
        pid_file.write_text(str(process.pid))
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _ping(worker.nodename):
            if process.poll() is not None:
                pytest.fail(
                    f"The Celery worker exited with code {process.returncode} before it was ready.\n"
                    f"{worker.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"The Celery worker did not answer a ping within {START_TIMEOUT:.0f} s "
                    f"(broker {broker_url}).\n{worker.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.3)
        yield worker
    finally:
        _stop(worker)
        if pid_file:
            pid_file.unlink(missing_ok=True)
