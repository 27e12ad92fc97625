"""The access review: who may see it, what it flags, and that it stays one query per page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.accounts import services
from opcc.core import roles
from tests.auth import totp_device

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_only_administrators_see_the_review(client, make_user, role):
    target = make_user(roles.OFFICE_STAFF)
    client.force_login(make_user(role))
    assert client.get("/accounts/review/").status_code == 403
    assert client.post(f"/accounts/review/{target.pk}/reset/", {"reason": "x"}).status_code == 403
    assert client.post(f"/accounts/review/{target.pk}/deactivate/", {"reason": "x"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active and TOTPDevice.objects.filter(user=target).exists() is False


def test_review_shows_roles_last_sign_in_and_factors_and_flags_stale_accounts(client, make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    recent = make_user(roles.OFFICE_STAFF, roles.REPORTS, username="recent", last_login=timezone.now())
    stale = make_user(roles.GRANTS_MANAGER, username="stale", last_login=timezone.now() - timedelta(days=91))
    never = make_user(username="never")
    totp_device(recent)
    client.force_login(admin_user)
    page = client.get("/accounts/review/").content.decode()
    row = lambda name: page.split(f">{name}<", 1)[1].split("</tr>", 1)[0]  # noqa: E731
    assert "Office staff, Reports" in row("recent") and "Authenticator app" in row("recent")
    assert "Not used for 90 days" not in row("recent")
    assert "Not used for 90 days" in row("stale") and "Not set up" in row("stale")
    assert "Never" in row("never") and "No roles" in row("never")
    only_stale = client.get("/accounts/review/?show=stale").content.decode()
    assert ">stale<" in only_stale and ">never<" in only_stale and ">recent<" not in only_stale
    assert stale.pk and never.pk


def test_review_query_count_does_not_grow_with_users(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    for i in range(3):
        totp_device(make_user(roles.OFFICE_STAFF, username=f"few{i}"))
    with CaptureQueriesContext(connection) as few:
        assert client.get("/accounts/review/").status_code == 200
    for i in range(20):
        totp_device(make_user(roles.OFFICE_STAFF, roles.REPORTS, username=f"many{i}"))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/accounts/review/").status_code == 200
    assert len(many) == len(few)


def test_reset_needs_a_reason_and_an_administrator(client, make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    user = make_user(roles.OFFICE_STAFF)
    totp_device(user)
    client.force_login(admin_user)
    blank = client.post(f"/accounts/review/{user.pk}/reset/", {"reason": "  "})
    assert blank.status_code == 200 and b"Enter the reason" in blank.content
    assert TOTPDevice.objects.filter(user=user).exists()
    with pytest.raises(PermissionDenied):
        services.factors_reset(user=user, by=make_user(roles.OFFICE_STAFF))
    with pytest.raises(PermissionDenied):
        services.factors_reset(user=user, by=None)
    assert TOTPDevice.objects.filter(user=user).exists()


def test_an_administrator_cannot_deactivate_themself(client, make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    client.force_login(admin_user)
    response = client.post(f"/accounts/review/{admin_user.pk}/deactivate/", {"reason": "oops"})
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_unknown_user_is_404(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    assert client.get("/accounts/review/999999/reset/").status_code == 404
