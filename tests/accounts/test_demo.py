"""The demo's second step: debug mode only, and the printed code really signs in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.accounts import demo
from opcc.core.services import demo_users_ensure

pytestmark = pytest.mark.django_db


def test_demo_users_get_an_app_and_the_printed_code_verifies(settings):
    settings.DEBUG = True
    demo_users_ensure(password="a-long-demo-password")
    demo.seed(stdout=StringIO())
    device = TOTPDevice.objects.get(user__username="staff", confirmed=True)
    out = StringIO()
    call_command("demo_code", "staff", "--key", stdout=out)
    code, key_line = out.getvalue().splitlines()
    assert len(code) == 6 and code.isdigit()
    assert key_line.startswith("Key for an authenticator app: ")
    assert device.verify_token(code)
    # Straight after use, the command prints the next code, which is accepted too.
    out = StringIO()
    call_command("demo_code", "staff", stdout=out)
    device.refresh_from_db()
    assert out.getvalue().strip() != code and device.verify_token(out.getvalue().strip())


def test_no_demo_devices_or_codes_in_production(settings):
    settings.DEBUG = False
    demo_users_ensure(password="a-long-demo-password")
    demo.seed(stdout=StringIO())
    assert not TOTPDevice.objects.exists()
    with pytest.raises(CommandError, match="debug mode only"):
        call_command("demo_code", "staff", stdout=StringIO())
