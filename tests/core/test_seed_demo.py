"""`manage.py seed_demo`: one demo user per role, safe to run again, never a weak password."""

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from opcc.core import roles
from tests.module_data import module_rows

PASSWORD = "demo-password-for-tests"
EXPECTED = {
    "staff": {roles.OFFICE_STAFF},
    "assessor": {roles.OFFICE_STAFF},
    "manager": {roles.GRANTS_MANAGER},
    "reviews": {roles.REVIEWS_MANAGER},
    "coordinator": {roles.VOLUNTEER_COORDINATOR},
    "reports": {roles.REPORTS},
    "admin": {roles.ADMINISTRATOR},
}
SEEDER_CALLS: list[str] = []


def record_seeder(*, stdout):
    """A DEMO_SEEDERS hook for the test below."""
    SEEDER_CALLS.append("called")
    stdout.write("Demo records: test seeder ran.")


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def demo_users():
    users = get_user_model().objects.filter(username__in=EXPECTED).prefetch_related("groups")
    return {u.username: u for u in users}


def roles_of(users):
    return {name: {g.name for g in user.groups.all()} for name, user in users.items()}


@pytest.mark.django_db
class TestSeededOnce:
    """The demo users, seeded once for these tests by the real command.

    The modules' seeders are left out here (they take a minute, and these tests are about the
    users): each module's demo tests run its own seeder, and the every-page sweep runs the whole
    command with all of them. Each test runs in its own transaction inside the class's, both rolled
    back, so each starts from the demo as the first run left it.
    """

    @pytest.fixture(scope="class")
    def first_run(self, django_db_setup, django_db_blocker) -> Iterator[str]:
        with override_settings(DEMO_SEEDERS=["opcc.accounts.demo.seed"]), module_rows(django_db_blocker):
            output = seed(password=PASSWORD)
            with django_db_blocker.block():
                yield output

    def test_seed_demo_creates_one_user_per_role(self, first_run):
        users = demo_users()
        assert roles_of(users) == EXPECTED
        assert all(u.check_password(PASSWORD) and u.is_active for u in users.values())
        assert not any(u.is_superuser or u.is_staff for u in users.values())
        assert users["staff"].get_full_name() == "Sam Patel"
        assert "Demo users: 7 created, 0 already there" in first_run
        assert PASSWORD not in first_run

    def test_every_role_has_a_demo_user(self, first_run):
        assert set().union(*roles_of(demo_users()).values()) == set(roles.ROLES)

    def test_seed_demo_twice_is_idempotent_and_keeps_passwords(self, first_run):
        user_model = get_user_model()
        before = (user_model.objects.count(), roles_of(demo_users()))

        output = seed()

        assert (user_model.objects.count(), roles_of(demo_users())) == before
        assert all(u.check_password(PASSWORD) for u in demo_users().values())
        assert "Demo users: 0 created, 7 already there" in output
        assert "Existing demo users kept their passwords." in output

    def test_seed_demo_again_with_a_password_changes_it_and_restores_roles(self, first_run):
        staff = demo_users()["staff"]
        staff.groups.clear()

        seed(password="another-long-password")

        users = demo_users()
        assert roles_of(users) == EXPECTED
        assert all(u.check_password("another-long-password") for u in users.values())
        assert get_user_model().objects.filter(username="staff").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short", "elevenchars", ""])
def test_seed_demo_refuses_a_short_password(password):
    with pytest.raises(CommandError, match="at least 12 characters"):
        seed(password=password)
    assert demo_users() == {}


@pytest.mark.django_db
def test_seed_demo_without_a_password_refuses_outside_debug_mode(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Give --password"):
        seed()
    assert demo_users() == {}


@pytest.mark.django_db
def test_seed_demo_without_a_password_in_debug_mode_prints_a_generated_one(settings):
    settings.DEBUG = True
    settings.DEMO_SEEDERS = []  # the users are what this is about; TestSeededOnce runs the seeders

    output = seed()

    match = re.search(r"Password for every demo user \(shown once\): (\S+)", output)
    assert match, output
    generated = match.group(1)
    assert len(generated) >= 12
    assert all(u.check_password(generated) for u in demo_users().values())
    assert len(demo_users()) == 7


@pytest.mark.django_db
def test_seed_demo_runs_the_module_seeders_each_time(settings):
    settings.DEMO_SEEDERS = ["tests.core.test_seed_demo.record_seeder"]
    SEEDER_CALLS.clear()

    first = seed(password=PASSWORD)
    seed()

    assert SEEDER_CALLS == ["called", "called"]
    assert "Demo records: test seeder ran." in first
