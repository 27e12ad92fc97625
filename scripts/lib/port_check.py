"""Is the web server's port free? scripts/run asks before it prints the address or starts anything.

`python3 scripts/lib/port_check.py PORT`: exit 0 when the port can be served at localhost; otherwise
exit 1 with one line saying what to do ("Port 8000 is in use; run with PORT=8001 scripts/run").
Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import errno
import socket
import sys

HOSTS = ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"))  # what "localhost" may reach
LOOK_AHEAD = 50  # ports tried after a busy one for a free one to suggest


def in_use(port: int) -> bool:
    """True when something already listens on the port at 127.0.0.1, or at ::1 where there is IPv6.

    Binds the way the development server does (SO_REUSEADDR: a recently closed port is free).
    """
    for family, host in HOSTS:
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue  # no IPv6 on this machine
        with sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return True
                if exc.errno == errno.EACCES:
                    raise  # a privileged port: the caller says so
                # EADDRNOTAVAIL and the like: that address does not exist here; nothing to clash with
    return False


def next_free(port: int) -> int | None:
    for candidate in range(max(port + 1, 1024), min(port + LOOK_AHEAD, 65535) + 1):
        try:
            if not in_use(candidate):
                return candidate
        except PermissionError:
            continue
    return None


def problem(text: str) -> str | None:
    """What is wrong with serving on port `text` (the PORT variable), or None when it is free."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        return f"PORT must be a number from 1 to 65535 (it is {text!r}); for example PORT=8001 scripts/run"
    port = int(text)
    try:
        if not in_use(port):
            return None
    except PermissionError:
        return f"Port {port} needs root to listen on; run with PORT=8000 scripts/run"
    free = next_free(port)
    if free is None:
        return f"Port {port} is in use; stop what is using it, or choose another with PORT=<port> scripts/run"
    return f"Port {port} is in use; run with PORT={free} scripts/run"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: port_check.py PORT", file=sys.stderr)
        return 2
    message = problem(argv[1])
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
