"""Writes and checks that belong to the shared kernel."""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Model

from opcc.core import roles
from opcc.core.models import FinancialYear

M = TypeVar("M", bound=Model)


def save(obj: M, *, by, reason: str = "", exclude: list[str] | None = None) -> M:
    """Validate, then save with the acting user and a reason for the history timeline."""
    obj.full_clean(exclude=exclude)
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()
    return obj


DEMO_USERS = [
    # username, first name, last name, roles
    ("staff", "Sam", "Patel", [roles.OFFICE_STAFF]),
    ("assessor", "Alex", "Jones", [roles.OFFICE_STAFF]),
    ("manager", "Morgan", "Clarke", [roles.GRANTS_MANAGER]),
    ("reviews", "Robin", "Hughes", [roles.REVIEWS_MANAGER]),
    ("coordinator", "Chris", "Evans", [roles.VOLUNTEER_COORDINATOR]),
    ("reports", "Riley", "Khan", [roles.REPORTS]),
    ("admin", "Ada", "Williams", [roles.ADMINISTRATOR]),
]


@dataclass
class DemoUsersResult:
    created: list[str]
    existing: list[str]


def health_check() -> dict:
    return {"worker": socket.gethostname(), "financial_years": FinancialYear.objects.count()}


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def demo_users_ensure(*, password: str | None) -> DemoUsersResult:
    """One user per role; with a password every demo user gets it, else existing ones keep theirs.

    Idempotent: running twice changes nothing but the password when one is given.
    """
    user_model = get_user_model()
    result = DemoUsersResult(created=[], existing=[])
    for username, first, last, role_names in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@opcc.example"},
        )
        if created or password:
            if not password:
                raise ValueError("A password is needed to create the demo users.")
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=role_names))
        (result.created if created else result.existing).append(username)
    return result


def next_reference(*, prefix: str, year: int, width: int = 4) -> str:
    """`PREFIX-YEAR-0001`, race-safe: the counter row is locked until the caller's commit."""
    from opcc.core.models import ReferenceCounter

    key = f"{prefix}-{year}"
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(key=key)
        counter = ReferenceCounter.objects.select_for_update().get(key=key)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{key}-{counter.last:0{width}d}"
