"""The load run: gunicorn on a free loopback port and concurrent signed-in users, for a bounded time.

Each simulated user is a thread with its own session (made through the ORM, so no sign-in form) and
asks for a list page 20% of the time and an application's page 80% of the time. Between requests a
user reads the page: a pause of `think` seconds on average (uniform between half and one and a half
times it), as a member of staff would; `think=0` sends requests back to back, a stress test in which
fifty users are fifty requests always waiting, whatever the pages cost. Gunicorn gets the database settings of this process through the environment (so a test
database works too) and is stopped by its pid at the end, whatever happens.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from .measure import host
from .users import signed_in_session

LIST_SHARE = 0.2
REQUEST_TIMEOUT = 120


@dataclass
class LoadRunResult:
    users: int
    seconds: float
    workers: int
    think: float = 0.0
    requests: int = 0
    errors: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"list": [], "record": []})
    error_samples: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentiles(self) -> dict[str, dict]:
        groups = {**self.latencies, "all": [t for ts in self.latencies.values() for t in ts]}
        return {kind: _percentiles(times) for kind, times in groups.items()}

    def as_dict(self) -> dict:
        return {
            "users": self.users,
            "seconds": round(self.seconds, 2),
            "workers": self.workers,
            "think_s": self.think,
            "requests": self.requests,
            "requests_per_s": round(self.rate, 2),
            "errors": self.errors,
            "latency_s": self.percentiles(),
            "error_samples": self.error_samples,
        }


def _percentiles(times: list[float]) -> dict:
    if not times:
        return {"n": 0, "p50": None, "p95": None, "p99": None}
    if len(times) == 1:
        return {"n": 1, "p50": times[0], "p95": times[0], "p99": times[0]}
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {"n": len(times), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """This process's database (the test database under pytest) as a DATABASE_URL."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    return f"postgres://{credentials}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_gunicorn(port: int, workers: int, log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url()}
    command = [
        sys.executable, "-m", "gunicorn", "opcc.wsgi:application",
        "-b", f"127.0.0.1:{port}", "-w", str(workers),
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def stop_gunicorn(process: subprocess.Popen) -> None:
    """Quick shutdown of the master (and so its workers) by pid; killed if it does not go."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_ready(process: subprocess.Popen, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/", headers=_headers(""))
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def _headers(session_key: str) -> dict[str, str]:
    headers = {"Host": host(), "X-Forwarded-Proto": "https", "User-Agent": "opcc-benchmark"}
    if session_key:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    return headers


class _User(threading.Thread):
    def __init__(self, *, number, port, session_key, list_urls, record_urls, deadline, result, lock, think):
        super().__init__(daemon=True, name=f"benchmark-user-{number}")
        self.think = think
        self.rng = random.Random(number)  # noqa: S311 (a repeatable mix of pages)
        self.port, self.headers = port, _headers(session_key)
        self.list_urls, self.record_urls = list_urls, record_urls
        self.deadline, self.result, self.lock = deadline, result, lock

    def run(self) -> None:
        if self.think:  # users arrive spread over one pause, not all in the same instant
            time.sleep(self.rng.uniform(0, self.think))
        while time.monotonic() < self.deadline:
            kind = "list" if self.rng.random() < LIST_SHARE else "record"
            url = self.rng.choice(self.list_urls if kind == "list" else self.record_urls)
            started = time.perf_counter()
            problem = ""
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
                conn.request("GET", url, headers=self.headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    problem = f"{url}: HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{url}: {type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with self.lock:
                self.result.requests += 1
                self.result.latencies[kind].append(elapsed)
                if problem:
                    self.result.errors += 1
                    if len(self.result.error_samples) < 5:
                        self.result.error_samples.append(problem)
            if self.think:
                time.sleep(
                    min(self.think * self.rng.uniform(0.5, 1.5), max(0.0, self.deadline - time.monotonic()))
                )


def run_load(
    *,
    user,
    users: int,
    seconds: float,
    workers: int,
    list_urls: list[str],
    record_urls: list[str],
    think: float = 0.0,
    log=print,
) -> LoadRunResult:
    result = LoadRunResult(users=users, seconds=seconds, workers=workers, think=think)
    sessions = [signed_in_session(user) for _ in range(users)]
    port = free_port()
    with tempfile.TemporaryFile(mode="w+") as gunicorn_log:
        process = start_gunicorn(port, workers, gunicorn_log)
        try:
            wait_ready(process, port)
            log(
                f"  gunicorn (pid {process.pid}) on 127.0.0.1:{port}; {users} users for {seconds:.0f} s, "
                f"{think:g} s between a user's requests on average"
            )
            lock = threading.Lock()
            started = time.monotonic()
            threads = [
                _User(
                    number=n,
                    port=port,
                    session_key=key,
                    list_urls=list_urls,
                    record_urls=record_urls,
                    deadline=started + seconds,
                    result=result,
                    lock=lock,
                    think=think,
                )
                for n, key in enumerate(sessions)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
            result.seconds = time.monotonic() - started
        except RuntimeError as exc:
            gunicorn_log.seek(0)
            raise RuntimeError(f"{exc}\n{gunicorn_log.read()[-3000:]}") from exc
        finally:
            stop_gunicorn(process)
    return result
