"""Shared fixtures: users with roles, a signed-in client per role, the browser set-up."""

import contextlib
import os

import pytest
from django.contrib.auth.models import Group

from opcc.core import roles
from tests.auth import VerifiedClient
from tests.factories import UserFactory
from tests.worker import require_worker_markers, running_worker

# Playwright's sync API runs an event loop in the main thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _db_order(item) -> int:
    """0: in a rolled-back transaction; 1: transactional (commits, then empties every table); 2: no DB."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    fixtures = getattr(item, "fixturenames", ())
    if kwargs.get("transaction") or kwargs.get("reset_sequences"):
        return 1
    if any(name in fixtures for name in ("transactional_db", "live_server")):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (browser, worker, race) run last, each from the migrated reference data.

    A transactional test ends by emptying every table, so the financial years, areas, funds and
    roles that data migrations load would be gone for whatever runs next:
    - Serialized rollback reloads them at the start of each transactional test (Django's own
      mechanism). It applies to all transactional tests or none, because a serialized test's flush
      also skips re-creating content types and permissions.
    - pytest-django puts transactional tests after the others, but pytest's own regrouping by
      session-scoped parameters (pytest-playwright's browser) runs later and can move browser tests
      back among them; this hook runs last and restores the order (a stable sort).
    """
    for item in items:
        if _db_order(item) != 1:
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        if not kwargs.get("serialized_rollback"):
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
    items.sort(key=_db_order)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's set-up, plus the serialized data visible to every connection object.

    Once Playwright's sync API is running, Django's per-context `connections` hands out new
    DatabaseWrapper objects, which lack the `_test_serialized_contents` that set-up stored on the
    first one; serialized rollback would then silently restore nothing. A class attribute reaches
    every wrapper of the backend.
    """
    from django.db import connections

    patched = []
    for conn in connections.all():
        contents = getattr(conn, "_test_serialized_contents", None)
        if contents is not None:
            type(conn)._test_serialized_contents = contents
            patched.append(type(conn))
    yield
    for wrapper_class in patched:
        with contextlib.suppress(AttributeError):
            del wrapper_class._test_serialized_contents


@pytest.fixture(autouse=True)
def _fast_and_eager(request, settings):
    """Fast password hashing; Celery tasks run in-process unless the test uses the real worker."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    uses_worker = "celery_worker_process" in request.fixturenames
    if uses_worker:
        require_worker_markers(request.node)
    settings.CELERY_TASK_ALWAYS_EAGER = not uses_worker


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup):
    """A real `celery -A opcc worker --pool=solo` on the test database and the Redis broker.

    Started once per session, on first use; stopped (TERM, then KILL) at the end. Tests using it
    are marked `@pytest.mark.worker` and `@pytest.mark.django_db(transaction=True)`, and send
    tasks with `.delay()` / `.get(timeout=...)` as production code does (eager mode is off).
    """
    with running_worker() as worker:
        yield worker


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def client():
    """pytest-django's client, whose `force_login` also completes the second factor."""
    return VerifiedClient()


@pytest.fixture
def make_user(db):
    def make(*role_names: str, **kwargs):
        user = UserFactory(**kwargs)
        user.groups.set(Group.objects.filter(name__in=role_names))
        return user

    return make


@pytest.fixture
def client_as(client, make_user):
    """A test client signed in as a new user holding the given roles."""

    def sign_in(*role_names: str, **kwargs):
        user = make_user(*role_names, **kwargs)
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.fixture
def staff_user(make_user):
    return make_user(roles.OFFICE_STAFF)
