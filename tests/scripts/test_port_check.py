"""scripts/run checks its port before it prints the address or starts anything (issue 9, item 7)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECK = REPO_ROOT / "scripts" / "lib" / "port_check.py"
RUN = REPO_ROOT / "scripts" / "run"


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something listens on (as a server left running would)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check(port: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK), port], capture_output=True, text=True, timeout=30)


def test_a_free_port_passes_silently():
    result = check(str(free_port()))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_busy_port_is_refused_with_what_to_do(busy_port):
    result = check(str(busy_port))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.startswith(f"Port {busy_port} is in use; run with PORT=")
    assert message.endswith(" scripts/run")
    suggested = int(message.split("PORT=")[1].split()[0])
    assert suggested > busy_port
    assert check(str(suggested)).returncode == 0  # the suggestion is free


def test_a_port_taken_on_ipv6_localhost_is_busy_too():
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    with socket.socket(socket.AF_INET6) as sock:
        try:
            sock.bind(("::1", 0))
        except OSError:
            pytest.skip("no ::1 on this machine")
        sock.listen()
        assert check(str(sock.getsockname()[1])).returncode == 1


@pytest.mark.parametrize("port", ["abc", "0", "65536", "-1", "80.5", "٨٠٠٠", ""])
def test_a_port_that_is_not_a_port_is_refused(port):
    result = check(port)
    assert result.returncode == 1
    assert result.stderr.startswith("PORT must be a number from 1 to 65535")


def test_scripts_run_stops_at_a_busy_port_before_printing_the_address(busy_port):
    """The real command: it refuses at once, installs nothing and never prints the address."""
    env = {**os.environ, "PORT": str(busy_port)}
    result = subprocess.run(["bash", str(RUN)], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert f"Port {busy_port} is in use; run with PORT=" in result.stderr
    output = result.stdout + result.stderr
    assert "localhost" not in output and "==>" not in output  # no address, no set-up step
