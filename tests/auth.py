"""Signed-in test clients that have completed the second factor, as every staff user must."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator-app device, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def mark_verified(client: Client, user, device=None) -> None:
    """Record in the client's session that the second factor was completed with `device`."""
    device = device or totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class VerifiedClient(Client):
    """`force_login` signs in with the password step and the second step both done."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        mark_verified(self, user)


class PasswordOnlyClient(Client):
    """`force_login` stops after the password step, as a user who has not yet given a code."""
