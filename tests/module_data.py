"""Rows built once for a whole test module, for the parametrised matrices that would rebuild them per case.

`module_rows(django_db_blocker)` opens a transaction around the module's tests and rolls it back at
the end. Each test still runs in its own transaction inside it (pytest-django's `db`), also rolled
back, so every case starts from the rows exactly as the module fixture left them. Tests must read
those rows afresh (by pk): an instance kept from the fixture would carry one case's changes into
the next. Yield the rows inside `django_db_blocker.block()`, so a test that is not marked for the
database cannot reach the module's transaction without one of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

from tests.factories import UserFactory

# tests/conftest.py sets this hasher per test; a module fixture runs before that.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def module_rows(django_db_blocker) -> Iterator[None]:
    """Database access for a module-scoped fixture, rolled back when the fixture ends."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield
        transaction.set_rollback(True)


def make_user(*role_names: str, **fields):
    """tests/conftest.py's `make_user`, usable outside a function-scoped test."""
    user = UserFactory(**fields)
    user.groups.set(Group.objects.filter(name__in=role_names))
    return user
