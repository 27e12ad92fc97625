"""A user's own passkeys: removing one, never another person's or the one in use."""

from __future__ import annotations

import os

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from opcc.audit.models import AccessEvent
from opcc.core import roles
from tests.auth import mark_verified

pytestmark = pytest.mark.django_db


def passkey(user, name="Laptop"):
    return WebAuthnCredential.objects.create(
        user=user, name=name, confirmed=True, credential_id=os.urandom(32), public_key=os.urandom(77)
    )


def test_a_user_removes_their_own_passkey(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    client.force_login(user)
    laptop = passkey(user)
    response = client.post(f"/accounts/security/passkeys/{laptop.pk}/remove/")
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=laptop.pk).exists()
    assert AccessEvent.objects.filter(action="mfa_removed", username=user.username).exists()


def test_nobody_removes_another_persons_passkey(client, make_user):
    owner = make_user(roles.OFFICE_STAFF)
    theirs = passkey(owner)
    client.force_login(make_user(roles.ADMINISTRATOR))
    assert client.post(f"/accounts/security/passkeys/{theirs.pk}/remove/").status_code == 404
    assert client.get(f"/accounts/security/passkeys/{theirs.pk}/remove/").status_code == 405
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_the_passkey_this_session_used_stays(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    client.force_login(user)
    in_use = passkey(user)
    mark_verified(client, user, in_use)
    page = client.get("/accounts/security/")
    assert b"In use now" in page.content
    response = client.post(f"/accounts/security/passkeys/{in_use.pk}/remove/", follow=True)
    assert b"cannot be removed now" in response.content
    assert WebAuthnCredential.objects.filter(pk=in_use.pk).exists()
