"""The navigation shows a role its modules only; the superuser's admin; login and its throttling.

Who may open every route (each role, a user with no role, anonymous visitors, the admin
backoffice) is checked by tests/core/test_route_matrix.py.
"""

import pytest
from django.urls import reverse

from opcc.core import roles

MODULE_URLS = {
    "grants": "grants:home",
    "complaints": "complaints:home",
    "volunteers": "volunteers:home",
    "engagement": "engagement:home",
    "reports": "reports:home",
}


EXPECTED_MODULES = {
    roles.OFFICE_STAFF: {"grants", "complaints", "volunteers", "engagement"},
    roles.GRANTS_MANAGER: {"grants"},
    roles.REVIEWS_MANAGER: {"complaints"},
    roles.VOLUNTEER_COORDINATOR: {"volunteers"},
    roles.REPORTS: {"reports"},
    roles.ADMINISTRATOR: {"grants", "complaints", "volunteers", "engagement", "reports"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_role_sees_only_its_modules(client_as, role):
    """The links; that each module's pages answer 200 or 403 is in test_route_matrix.py."""
    client = client_as(role)
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    shown = {m.key for m in home.context["nav_modules"]}
    assert shown == EXPECTED_MODULES[role]
    html = home.content.decode()
    for key, url_name in MODULE_URLS.items():
        link = f'href="{reverse(url_name)}"'
        assert (link in html) == (key in EXPECTED_MODULES[role]), (role, key)


@pytest.mark.django_db
def test_user_with_no_role_sees_no_module(client_as):
    client = client_as()
    response = client.get(reverse("core:home"))
    assert response.context["nav_modules"] == []
    assert b"no modules yet" in response.content


@pytest.mark.django_db
def test_superuser_without_role_can_use_admin(client, make_user):
    user = make_user(is_superuser=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_login_throttling_locks_out_after_repeated_failures(client, make_user, settings):
    from tests.factories import TEST_PASSWORD

    make_user(roles.OFFICE_STAFF, username="tired.worker")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "tired.worker", "password": "wrong"})
        assert response.status_code == 200
        assert b"Enter a correct username and password" in response.content
    response = client.post(url, {"username": "tired.worker", "password": "wrong"})
    assert response.status_code == 429
    assert b"too many failed attempts" in response.content
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "tired.worker", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_correct_login_then_logout(client, make_user):
    from tests.factories import TEST_PASSWORD

    make_user(roles.OFFICE_STAFF, username="sam")
    response = client.post(reverse("login"), {"username": "sam", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
