"""The factors themselves are django-otp's devices; this module only reads them.

Factors: passkeys (django_otp_webauthn.WebAuthnCredential), an authenticator app
(otp_totp.TOTPDevice) and recovery codes (otp_static.StaticDevice with single-use tokens).
"""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_DEVICE_NAME = "Recovery codes"
FACTOR_MODELS = (WebAuthnCredential, TOTPDevice, StaticDevice)


def has_confirmed_factor(user) -> bool:
    """A passkey or an authenticator app: recovery codes alone do not make a user enrolled."""
    return (
        WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def factor_summary(user) -> dict:
    """What a user has enrolled, for their own security page and the access review."""
    return {
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")),
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "recovery_left": sum(
            device.token_set.count() for device in StaticDevice.objects.filter(user=user, confirmed=True)
        ),
    }
