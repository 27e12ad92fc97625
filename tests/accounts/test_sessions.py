"""Session limits: idle timeout, absolute lifetime, sign-out everywhere, no caching."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY

from opcc.accounts import sessions
from opcc.core import roles
from tests.auth import VerifiedClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(roles.OFFICE_STAFF))
    return client


def _age(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_activity_within_the_idle_limit_keeps_the_session(staff_client, settings):
    _age(staff_client, sessions.LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 120)
    assert staff_client.get("/grants/").status_code == 200
    assert int(time.time()) - staff_client.session[sessions.LAST_SEEN_AT] < 5  # the clock restarted


def test_idle_timeout_ends_the_session(staff_client, settings):
    _age(staff_client, sessions.LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)
    response = staff_client.get("/grants/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fgrants%2F"
    assert SESSION_KEY not in staff_client.session
    page = staff_client.get(response["Location"])
    assert b"had not done anything for 30 minutes" in page.content


def test_absolute_lifetime_ends_an_active_session(staff_client, settings):
    _age(staff_client, sessions.SIGNED_IN_AT, settings.SESSION_ABSOLUTE_LIFETIME + 1)
    assert staff_client.get("/grants/").status_code == 302
    assert SESSION_KEY not in staff_client.session


def test_idle_timeout_is_configurable(staff_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 300
    _age(staff_client, sessions.LAST_SEEN_AT, 301)
    assert staff_client.get("/grants/").status_code == 302


def test_a_session_without_clocks_is_not_trusted(staff_client):
    session = staff_client.session
    del session[sessions.SIGNED_IN_AT]
    session.save()
    assert staff_client.get("/").status_code == 302


def test_asking_how_long_is_left_is_not_activity(staff_client, settings):
    _age(staff_client, sessions.LAST_SEEN_AT, 600)
    status = staff_client.get("/accounts/session/").json()
    assert (
        settings.SESSION_IDLE_TIMEOUT - 600 - 5
        <= status["seconds_left"]
        <= settings.SESSION_IDLE_TIMEOUT - 600
    )
    extended = staff_client.post("/accounts/session/extend/").json()
    assert extended["seconds_left"] >= settings.SESSION_IDLE_TIMEOUT - 5


def test_timeout_warning_is_on_every_signed_in_page(staff_client):
    page = staff_client.get("/").content.decode()
    assert 'id="session-timeout"' in page and 'data-warning="300"' in page
    assert "Stay signed in" in page


def test_signed_in_pages_are_not_cached(staff_client):
    response = staff_client.get("/grants/")
    assert response["Cache-Control"] == "private, no-store"


def test_a_password_change_signs_out_other_sessions(make_user):
    user = make_user(roles.OFFICE_STAFF)
    elsewhere = VerifiedClient()
    elsewhere.force_login(user)
    assert elsewhere.get("/").status_code == 200
    user.set_password("a-brand-new-long-password")
    user.save()
    assert elsewhere.get("/").status_code == 302
    assert SESSION_KEY not in elsewhere.session


def test_deactivation_signs_out_everywhere(client, make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    user = make_user(roles.OFFICE_STAFF)
    elsewhere = VerifiedClient()
    elsewhere.force_login(user)
    client.force_login(admin_user)
    response = client.post(f"/accounts/review/{user.pk}/deactivate/", {"reason": "Left the office"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert elsewhere.get("/").status_code == 302


def test_a_factor_reset_signs_out_everywhere(client, make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    user = make_user(roles.OFFICE_STAFF)
    elsewhere = VerifiedClient()
    elsewhere.force_login(user)
    client.force_login(admin_user)
    response = client.post(f"/accounts/review/{user.pk}/reset/", {"reason": "Lost phone, ticket 42"})
    assert response.status_code == 302
    signed_out = elsewhere.get("/grants/")
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in elsewhere.session
    assert b"were reset" in elsewhere.get(signed_out["Location"]).content
