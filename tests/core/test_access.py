"""Login on every page, the role matrix, the admin backoffice and login throttling."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opcc.core import roles

PUBLIC = {"login", "logout"}
MODULE_URLS = {
    "grants": "grants:home",
    "complaints": "complaints:home",
    "volunteers": "volunteers:home",
    "engagement": "engagement:home",
    "reports": "reports:home",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _sample_path(route: str) -> str:
    """A concrete path for a route, filling converters with plausible values."""
    import re

    path = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\/", "/")
    path = re.sub(r"<int:\w+>", "1", path)
    path = re.sub(r"<(?:str|slug):\w+>", "x", path)
    path = re.sub(r"<path:\w+>", "x/y", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = re.sub(r"<\w+>", "x", path)
    return "/" + path.replace("?", "")


def all_routes():
    routes = {(route, p.name or "") for route, p in _walk(get_resolver().url_patterns)}
    return sorted((route, name) for route, name in routes if name not in PUBLIC)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), all_routes())
def test_anonymous_requests_are_sent_to_login(client, route, name):
    response = client.get(_sample_path(route), follow=True)
    assert response.redirect_chain, route
    assert response.request["PATH_INFO"] == reverse("login"), (route, response.redirect_chain)
    assert response.status_code == 200


def test_route_list_covers_every_module_and_admin():
    routes = [r for r, _ in all_routes()]
    assert len(routes) > 20
    for prefix in ("grants/", "complaints/", "volunteers/", "engagement/", "reports/", "admin/"):
        assert any(r.startswith(prefix) for r in routes), prefix


@pytest.mark.django_db
def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


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
def test_role_sees_only_its_modules_and_gets_403_elsewhere(client_as, role):
    client = client_as(role)
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    shown = {m.key for m in home.context["nav_modules"]}
    assert shown == EXPECTED_MODULES[role]
    html = home.content.decode()
    for key, url_name in MODULE_URLS.items():
        link = f'href="{reverse(url_name)}"'
        status = client.get(reverse(url_name)).status_code
        if key in EXPECTED_MODULES[role]:
            assert link in html, (role, key)
            assert status == 200, (role, key)
        else:
            assert link not in html, (role, key)
            assert status == 403, (role, key)


@pytest.mark.django_db
def test_user_with_no_role_sees_no_module(client_as):
    client = client_as()
    response = client.get(reverse("core:home"))
    assert response.context["nav_modules"] == []
    assert b"no modules yet" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_admin_backoffice_is_for_administrators_only(client_as, role):
    client = client_as(role)
    response = client.get(reverse("admin:index"))
    if role == roles.ADMINISTRATOR:
        assert response.status_code == 200
        assert client.get(reverse("admin:core_policingarea_changelist")).status_code == 200
    else:
        assert response.status_code == 403


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


@pytest.mark.django_db
def test_logout_by_get_is_refused(client_as):
    client = client_as(roles.OFFICE_STAFF)
    assert client.get(reverse("logout")).status_code == 405
