"""The benchmark's own user: every role, a confirmed authenticator device, sessions made directly.

The benchmark signs in without a password or a code: it writes the session a completed sign-in
would leave (user, backend, the verified device, the session-limit stamps), as tests/auth.py does.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.accounts.sessions import session_start
from opcc.core.roles import ROLES

USERNAME = "benchmark"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def benchmark_user():
    """The benchmark user with every role and a confirmed device (made on first use)."""
    user, created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Benchmark", "last_name": "User"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=ROLES))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    return user


def signed_in_session(user) -> str:
    """A new session key for `user`, signed in with both steps done."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValueError(f"{user} has no confirmed device: call benchmark_user() first.")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session_start(store)
    store.create()
    return store.session_key
