"""A per-address limit on failed sign-ins, whatever the username (password spraying).

django-axes locks a username from an address; this counts every failure (password or second
factor) from one address in a window, from the audit trail, which is indexed for it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from opcc.accounts.sessions import client_ip


def address_blocked(request: HttpRequest) -> bool:
    from opcc.audit.models import AccessEvent

    ip = client_ip(request)
    if not ip:
        return False
    since = timezone.now() - timedelta(seconds=settings.SIGN_IN_ADDRESS_WINDOW)
    failures = AccessEvent.objects.sign_in_failures_from(ip, since)
    return failures >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
