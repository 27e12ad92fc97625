"""Sign-in events reach the audit trail, and one address cannot spray passwords."""

from __future__ import annotations

import pytest
from django.test import Client

from opcc.accounts.demo import current_code
from opcc.audit.models import AccessEvent
from opcc.core import roles
from tests.accounts.conftest import code_step, password_step
from tests.auth import PasswordOnlyClient, totp_device
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def actions(user=None) -> list[str]:
    events = AccessEvent.objects.order_by("pk")
    if user is not None:
        events = events.filter(username=user.username)
    return list(events.values_list("action", flat=True))


def test_sign_in_steps_are_recorded(anon, make_user):
    user = make_user(roles.OFFICE_STAFF)
    device = totp_device(user)
    password_step(anon, user)
    anon.post("/accounts/verify/", {"code": f"{(int(current_code(device)) + 1) % 1000000:06d}"})
    device.refresh_from_db()
    device.throttle_reset()
    code_step(anon, user)
    assert actions(user) == ["sign_in", "mfa_failed", "mfa_verified"]
    failed = AccessEvent.objects.get(action="mfa_failed")
    assert failed.ip_address == "127.0.0.1" and failed.detail["factor"] == "totp"


def test_enrolment_recovery_and_reset_are_recorded(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    other = PasswordOnlyClient()
    password_step(other, user)
    pending = other.get("/accounts/setup/app/").context["form"] and user.totpdevice_set.get(confirmed=False)
    other.post("/accounts/setup/app/", {"code": current_code(pending)})
    codes = other.post("/accounts/recovery-codes/").context["codes"]
    assert actions(user)[-2:] == ["mfa_enrolled", "recovery_codes_issued"]

    again = PasswordOnlyClient()
    password_step(again, user)
    again.post("/accounts/verify/recovery/", {"code": codes[3]})
    assert "recovery_code_used" in actions(user)
    assert AccessEvent.objects.filter(action="recovery_code_used").get().detail["codes_left"] == 9

    admin_user = make_user(roles.ADMINISTRATOR)
    client.force_login(admin_user)
    client.post(f"/accounts/review/{user.pk}/reset/", {"reason": "Lost phone, call-back checked"})
    reset = AccessEvent.objects.get(action="mfa_reset")
    assert reset.user_id == admin_user.pk and reset.object_id == str(user.pk)
    assert reset.detail["reason"] == "Lost phone, call-back checked" and reset.detail["removed"] >= 2


def test_deactivation_is_recorded_with_its_reason(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    client.force_login(make_user(roles.ADMINISTRATOR))
    client.post(f"/accounts/review/{user.pk}/deactivate/", {"reason": "Left on 31/10/2026"})
    event = AccessEvent.objects.get(action="account_deactivated")
    assert event.object_id == str(user.pk)
    assert event.detail.get("reason") == "Left on 31/10/2026"


def test_one_address_trying_many_usernames_is_stopped(settings, make_user):
    """Password spraying: each username fails once, so django-axes alone never locks anything."""
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
    victim = make_user(roles.OFFICE_STAFF, username="victim")
    sprayer = Client()
    for n in range(20):
        response = sprayer.post("/accounts/login/", {"username": f"guess{n}", "password": "Winter2026!"})
        assert response.status_code == 200
    assert AccessEvent.objects.filter(action="sign_in_failed").count() == 20
    # Even the right password is refused from that address now, with a clear message.
    blocked = sprayer.post("/accounts/login/", {"username": "victim", "password": TEST_PASSWORD})
    assert blocked.status_code == 200
    assert b"Too many failed sign-ins from your network" in blocked.content
    assert "_auth_user_id" not in sprayer.session
    # Another address is not affected.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert password_step(elsewhere, victim).status_code == 302
