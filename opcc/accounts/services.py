"""Every write about a staff account's sign-in: enrol, verify, reset, deactivate, end sessions.

Each records an audit event. Throttling of a second factor is two-fold: django-otp delays each
device after a failure (1, 2, 4, 8 ... seconds, kept on the device, so a new session does not
reset it), and MFA_FAILURE_LIMIT wrong codes in a row end the session (the password is asked for
again, which django-axes throttles per username and address).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from opcc.accounts.models import FACTOR_MODELS, RECOVERY_DEVICE_NAME
from opcc.core.permissions import is_administrator

FAILURES_KEY = "opcc_mfa_failures"
PENDING_TOTP_KEY = "opcc_pending_totp"
# Recovery codes avoid look-alike characters (no 0/O, 1/I/L) and are typed in two groups of five.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class SecondFactorError(Exception):
    """A wrong, throttled or refused second factor; the message is for the user."""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    signed_out: bool = False
    message: str = ""


def _audit(action: str, *, request: HttpRequest | None = None, user=None, target=None, detail=None) -> None:
    from opcc.audit.services import audit_record

    audit_record(action=action, request=request, user=user, target=target, detail=detail or {})


def _address_blocked(request: HttpRequest) -> bool:
    from opcc.accounts.throttle import address_blocked

    return address_blocked(request)


def second_factor_verify(*, request: HttpRequest, device, token: str, kind: str) -> VerifyResult:
    """Check a code typed at the second step against one of the signed-in user's devices."""
    user = request.user
    if device is None or device.user_id != user.pk:
        raise PermissionDenied("That sign-in method is not yours.")
    if _address_blocked(request):
        return VerifyResult(
            ok=False, message="Too many failed sign-ins from your network. Wait 15 minutes and try again."
        )
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = ""
        if info and info.get("locked_until"):
            seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
            wait = f" Wait {seconds} seconds and try again."
        return VerifyResult(ok=False, message=f"Too many wrong codes.{wait}")
    if device.verify_token(token):
        request.session.pop(FAILURES_KEY, None)
        otp_login(request, device)
        if kind == "recovery":
            left = StaticToken.objects.filter(device=device).count()
            _audit("recovery_code_used", request=request, target=None, detail={"codes_left": left})
        _audit("mfa_verified", request=request, detail={"factor": kind})
        return VerifyResult(ok=True)
    failures = int(request.session.get(FAILURES_KEY, 0)) + 1
    request.session[FAILURES_KEY] = failures
    _audit("mfa_failed", request=request, detail={"factor": kind, "failures_in_a_row": failures})
    if failures >= settings.MFA_FAILURE_LIMIT:
        logout(request)
        return VerifyResult(
            ok=False,
            signed_out=True,
            message="You entered a wrong code too many times, so you have been signed out. Sign in again.",
        )
    return VerifyResult(ok=False, message="The code is not correct. Check it and try again.")


def totp_pending(*, request: HttpRequest) -> TOTPDevice:
    """The authenticator-app device being enrolled in this session (unconfirmed until a code matches)."""
    user = request.user
    pending_id = request.session.get(PENDING_TOTP_KEY)
    device = (
        TOTPDevice.objects.filter(pk=pending_id, user=user, confirmed=False).first() if pending_id else None
    )
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[PENDING_TOTP_KEY] = device.pk
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for people who type it instead of scanning."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def totp_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator app with its first code; it replaces any earlier app."""
    user: Any = request.user  # django-otp adds is_verified() and otp_device
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("That authenticator set-up is not yours.")
    if not device.verify_token(token):
        _audit("mfa_failed", request=request, detail={"factor": "totp", "step": "enrolment"})
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(PENDING_TOTP_KEY, None)
    if not user.is_verified():
        otp_login(request, device)
    _audit("mfa_enrolled", request=request, detail={"factor": "totp"})
    return True


@transaction.atomic
def passkey_remove(*, request: HttpRequest, credential: WebAuthnCredential) -> None:
    """A user removes one of their passkeys, never the one this session was verified with."""
    user: Any = request.user
    if credential.user_id != user.pk:
        raise PermissionDenied("That passkey is not yours.")
    if user.otp_device is not None and user.otp_device.persistent_id == credential.persistent_id:
        raise SecondFactorError("You signed in with this passkey, so it cannot be removed now.")
    name = credential.name
    credential.delete()
    _audit("mfa_removed", request=request, detail={"factor": "passkey", "name": name})


def _recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_recovery_code(text: str) -> str:
    """What people type ("abcde fghij", "ABCDE-FGHIJ") to the stored form."""
    cleaned = "".join(ch for ch in str(text).upper() if ch.isascii() and ch.isalnum())
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == 10 else cleaned


@transaction.atomic
def recovery_codes_issue(*, request: HttpRequest) -> list[str]:
    """New single-use recovery codes; any earlier ones stop working."""
    user = request.user
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _audit("recovery_codes_issued", request=request, detail={"count": len(codes)})
    return codes


def _require_administrator(by) -> None:
    if by is None or not is_administrator(by):
        raise PermissionDenied("Only an administrator can do this.")


@transaction.atomic
def factors_reset(*, user: AbstractBaseUser, by, request: HttpRequest | None = None, reason: str = "") -> int:
    """An Administrator removes every factor of a user: their sessions end (the device they were
    verified with is gone) and they enrol again at their next sign-in."""
    _require_administrator(by)
    removed = 0
    for model in FACTOR_MODELS:
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    _audit("mfa_reset", request=request, user=by, target=user, detail={"removed": removed, "reason": reason})
    return removed


@transaction.atomic
def user_deactivate(*, user, by, request: HttpRequest | None = None, reason: str = "") -> None:
    """An Administrator deactivates an account: it can no longer sign in, and its sessions end at
    their next request (Django's ModelBackend refuses inactive users)."""
    _require_administrator(by)
    if user.pk == by.pk:
        raise PermissionDenied("You cannot deactivate your own account.")
    if not user.is_active:
        return
    user.is_active = False
    user._audit_reason = reason  # the audit trail's signal records the change with these
    user._audit_by = by
    user.save(update_fields=["is_active"])


def record_session_end(*, request: HttpRequest, reason: str) -> None:
    _audit("session_ended", request=request, detail={"reason": reason})
