"""Demo second factors: an authenticator-app device for each demo user, in debug mode only.

A newcomer running the demo completes the second step with `manage.py demo_code <username>`,
which prints the current code; production never has these devices or the command's output.
"""

from __future__ import annotations

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.core.services import DEMO_USERS

DEMO_DEVICE_NAME = "Demo authenticator"


def seed(*, stdout=None) -> None:
    if not settings.DEBUG:
        return
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=[row[0] for row in DEMO_USERS]):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    if stdout is not None:
        stdout.write("Demo second step: `python manage.py demo_code <username>` prints the current code.")


def current_code(device: TOTPDevice) -> str:
    """The code the device's app would show now (the next one if this one was just used)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = (device.last_t + 1) * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"
