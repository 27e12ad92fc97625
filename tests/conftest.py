"""Shared fixtures: users with roles, a signed-in client per role, the browser set-up."""

import os

import pytest
from django.contrib.auth.models import Group

from opcc.core import roles
from tests.factories import UserFactory

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


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


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
