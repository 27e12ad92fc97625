"""Writing the audit trail, and deleting what is past the retention period.

`audit_record` is called from views, signals and services in every module. A detail that cannot
be stored as JSON (a model, a set, a date) is turned into text rather than failing the caller's
request; a database error is logged and raised, so nothing is silently missing from the trail.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DatabaseError, connections, models, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from opcc.audit.models import AccessEvent, Action, object_label

logger = logging.getLogger(__name__)

MAX_TEXT = 1000  # a string inside `detail`
MAX_ITEMS = 200  # a list or mapping inside `detail`
PURGE_SETTING = "opcc.audit_purge"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_detail(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy: dates as ISO text, Decimals as text, anything unknown as its str()."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):  # PostgreSQL's jsonb refuses NUL (a query string may carry %00)
        return _truncate(value.replace("\x00", "\ufffd"), MAX_TEXT)
    if depth > 5:
        return _truncate(str(value), MAX_TEXT)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, Mapping):
        items = list(value.items())[:MAX_ITEMS]
        return {clean_detail(str(key), depth + 1): clean_detail(item, depth + 1) for key, item in items}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return [clean_detail(item, depth + 1) for item in items[:MAX_ITEMS]]
    return _truncate(str(value), MAX_TEXT)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # a malformed forwarding header must not stop the caller's request
        logger.warning("Could not read the client address for the audit trail", exc_info=True)
        return None


def _request_user(request: HttpRequest | None):
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    user=None,
    target: models.Model | None = None,
    username: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AccessEvent:
    """Append one event. `user` defaults to the request's signed-in user; `target` is the record."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    user = user if user is not None else _request_user(request)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if not username and user is not None:
        username = user.get_username()
    event = AccessEvent(
        action=action,
        user=user,
        username=_truncate(str(username), 150),
        detail=clean_detail(dict(detail or {})),
    )
    if request is not None:
        event.ip_address = client_ip(request)
        event.user_agent = _truncate(request.META.get("HTTP_USER_AGENT", ""), 300)
        event.path = _truncate(request.path, 500)
    if target is not None:
        event.object_type = object_label(target)
        event.object_id = _truncate(str(target.pk), 64)
        # A record whose name its auditors may not see (a minor) gives an `audit_repr` instead.
        event.object_repr = _truncate(str(getattr(target, "audit_repr", target)), 200)
    try:
        event.save()
    except DatabaseError:
        logger.exception("Could not write the audit event %s for %s", action, event.username or "anonymous")
        raise
    return event


def audit_purge(*, older_than_days: int | None = None) -> int:
    """Delete events older than the retention period; record how many went. Returns the count."""
    days = settings.AUDIT_RETENTION_DAYS if older_than_days is None else older_than_days
    if int(days) < 1:
        raise ValueError("The retention period must be at least one day.")
    cutoff = timezone.now() - timedelta(days=int(days))
    alias = router.db_for_write(AccessEvent)
    connection = connections[alias]
    with transaction.atomic(using=alias):
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
        try:
            deleted = AccessEvent.objects.using(alias)._purge_older_than(cutoff)
        finally:
            if postgres:  # SET LOCAL lasts to the end of the OUTER transaction: switch it off now
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
        audit_record(
            action=Action.AUDIT_PURGED,
            detail={"deleted": deleted, "older_than_days": int(days), "cutoff": cutoff},
        )
    logger.info("Audit trail: %s event(s) older than %s day(s) deleted", deleted, days)
    return deleted
