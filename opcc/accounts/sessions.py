"""Session limits: an idle timeout, an absolute lifetime, and the bookkeeping both need.

Timestamps live in the session itself, so any session backend works and no query is added. The
last-seen time is written at most once a minute, so most requests do not rewrite the session.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SIGNED_IN_AT = "opcc_signed_in_at"
LAST_SEEN_AT = "opcc_last_seen_at"
TOUCH_EVERY = 60  # seconds: the idle clock's resolution

IDLE = "idle"
EXPIRED = "expired"


def session_start(session, *, now: float | None = None) -> None:
    """Stamp a newly signed-in session (Django has already rotated its key)."""
    stamp = int(now if now is not None else time.time())
    session[SIGNED_IN_AT] = stamp
    session[LAST_SEEN_AT] = stamp


def session_end_reason(session, *, now: float | None = None) -> str | None:
    """Why this signed-in session must end now (IDLE or EXPIRED), or None while it may go on."""
    now = now if now is not None else time.time()
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(LAST_SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return EXPIRED  # a session from before these limits, or tampered with: start again
    if now - signed_in >= settings.SESSION_ABSOLUTE_LIFETIME:
        return EXPIRED
    if now - seen >= settings.SESSION_IDLE_TIMEOUT:
        return IDLE
    return None


def session_touch(session, *, now: float | None = None, force: bool = False) -> None:
    """Record activity, at most once a minute unless forced."""
    now_i = int(now if now is not None else time.time())
    if force or now_i - int(session.get(LAST_SEEN_AT, 0)) >= TOUCH_EVERY:
        session[LAST_SEEN_AT] = now_i


def seconds_left(session, *, now: float | None = None) -> int:
    """Seconds until the session ends by either limit (0 when it already has)."""
    now = now if now is not None else time.time()
    idle_end = int(session.get(LAST_SEEN_AT, 0)) + settings.SESSION_IDLE_TIMEOUT
    absolute_end = int(session.get(SIGNED_IN_AT, 0)) + settings.SESSION_ABSOLUTE_LIFETIME
    return max(0, int(min(idle_end, absolute_end) - now))


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as django-axes resolves it (honours the proxy settings)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None
