"""The second sign-in step: nothing opens without it, codes are checked, throttled and single-use."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from opcc.accounts.demo import current_code
from opcc.core import roles
from tests.accounts.conftest import code_step, password_step
from tests.auth import PasswordOnlyClient, totp_device

pytestmark = pytest.mark.django_db

# Routes a user who has typed only the password may open: the sign-in steps themselves.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "accounts:verify",
    "accounts:recovery",
    "accounts:setup",
    "accounts:setup_app",
    "accounts:session_status",
    "csp_report",
}


def every_route(resolver=None, prefix="", namespace=""):
    """(name, path) for every URL pattern, arguments filled with a placeholder (1 or 'x')."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from every_route(entry, prefix + _sample(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield name, "/" + prefix + _sample(entry.pattern)


def _sample(pattern) -> str:
    import re

    text = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    text = re.sub(r"<int:[^>]+>", "1", text)
    text = re.sub(r"<(?:str|slug|path):?[^>]*>", "x", text)
    text = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", text)
    return text


def test_password_alone_opens_no_page(make_user):
    """Walk every route: a password-only session is sent to the second step, whatever the role."""
    user = make_user(*roles.ROLES)
    totp_device(user)
    client = PasswordOnlyClient()
    client.force_login(user)
    opened = []
    routes = list(every_route())
    assert len(routes) > 60, "the walk found too few routes to mean anything"
    for name, path in routes:
        if name.startswith("otp_webauthn:") or name in OPEN_BEFORE_SECOND_FACTOR or "static" in path:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            location = response.headers.get("Location", "")
            if not (response.status_code == 302 and location.startswith("/accounts/verify/")):
                opened.append(f"{method.upper()} {path} ({name}): {response.status_code} {location}")
    assert not opened, "Reached without the second factor:\n" + "\n".join(opened)


def test_enrolment_comes_first_for_a_user_with_no_factor(make_user):
    client = PasswordOnlyClient()
    client.force_login(make_user(roles.OFFICE_STAFF))
    response = client.get("/grants/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/setup/?next=%2Fgrants%2F")
    assert client.get("/admin/").status_code == 302


def test_sign_in_rotates_the_session_and_asks_for_the_code(anon, make_user):
    user = make_user(roles.OFFICE_STAFF)
    totp_device(user)
    anon.get("/accounts/login/")
    before = anon.session.session_key
    response = password_step(anon, user, next_url="/grants/")
    assert response.status_code == 302
    assert anon.session.session_key != before
    assert anon.session[SESSION_KEY] == str(user.pk)
    follow = anon.get("/grants/")
    assert follow["Location"] == "/accounts/verify/?next=%2Fgrants%2F"
    page = anon.get(follow["Location"])
    assert b"Confirm it is you" in page.content
    done = code_step(anon, user, next_url="/grants/")
    assert done["Location"] == "/grants/"
    assert anon.get("/grants/").status_code == 200


def test_next_must_be_a_page_of_this_service(anon, make_user):
    user = make_user(roles.OFFICE_STAFF)
    password_step(anon, user)
    response = code_step(anon, user, next_url="https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "1234567",
        "abcdef",
        "١٢٣٤٥٦",
        "\uff11\uff12\uff13\uff14\uff15\uff16",
        "12345\x00",
        "9" * 400,
        "' OR 1=1 --",
    ],
)
def test_malformed_codes_get_a_clear_message(anon, make_user, typed):
    user = make_user(roles.OFFICE_STAFF)
    device = totp_device(user)
    password_step(anon, user)
    response = anon.post("/accounts/verify/", {"code": typed})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # refused before it reached the device


def test_a_wrong_code_is_throttled(anon, make_user):
    user = make_user(roles.OFFICE_STAFF)
    device = totp_device(user)
    password_step(anon, user)
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    first = anon.post("/accounts/verify/", {"code": wrong})
    assert b"The code is not correct" in first.content
    # Straight away even the right code is refused: the device waits after each failure.
    second = anon.post("/accounts/verify/", {"code": current_code(device)})
    assert b"Too many wrong codes. Wait" in second.content
    assert anon.get("/").status_code != 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_repeated_wrong_codes_end_the_session(anon, make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # this test is about the session limit, not the delay
    user = make_user(roles.OFFICE_STAFF)
    device = totp_device(user)
    password_step(anon, user)
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    for _ in range(settings.MFA_FAILURE_LIMIT - 1):
        assert b"The code is not correct" in anon.post("/accounts/verify/", {"code": wrong}).content
    last = anon.post("/accounts/verify/", {"code": wrong})
    assert last.status_code == 302 and last["Location"] == "/accounts/login/"
    assert SESSION_KEY not in anon.session
    assert b"signed out" in anon.get("/accounts/login/").content


def test_a_code_cannot_be_used_twice(anon, make_user):
    user = make_user(roles.OFFICE_STAFF)
    device = totp_device(user)
    password_step(anon, user)
    code = current_code(device)
    assert anon.post("/accounts/verify/", {"code": code}).status_code == 302
    other = PasswordOnlyClient()
    password_step(other, user)
    reused = other.post("/accounts/verify/", {"code": code})
    assert b"The code is not correct" in reused.content


def test_recovery_code_works_once(anon, client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    client.force_login(user)
    page = client.post("/accounts/recovery-codes/", {"next": "/"})
    codes = page.context["codes"]
    assert len(codes) == settings.MFA_RECOVERY_CODES and len(set(codes)) == len(codes)
    password_step(anon, user)
    typed = codes[0].lower().replace("-", " ")  # as someone might type it
    response = anon.post("/accounts/verify/recovery/", {"code": typed})
    assert response.status_code == 302
    assert anon.get("/grants/").status_code == 200
    again = PasswordOnlyClient()
    password_step(again, user)
    refused = again.post("/accounts/verify/recovery/", {"code": codes[0]})
    assert b"recovery code is not correct" in refused.content
    assert again.get("/grants/").status_code == 302


def test_new_recovery_codes_replace_the_old(client, make_user):
    user = make_user(roles.OFFICE_STAFF)
    client.force_login(user)
    old = client.post("/accounts/recovery-codes/").context["codes"]
    client.post("/accounts/recovery-codes/")
    other = PasswordOnlyClient()
    password_step(other, user)
    assert other.post("/accounts/verify/recovery/", {"code": old[0]}).status_code == 200


def test_authenticator_app_enrolment(make_user):
    user = make_user(roles.OFFICE_STAFF)
    client = PasswordOnlyClient()
    password_step(client, user)
    page = client.get("/accounts/setup/app/")
    assert page.status_code == 200
    assert b"<svg" in page.content and page.context["secret"]
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/accounts/setup/app/", {"code": "000000" if current_code(pending) != "000000" else "111111"}
    )
    assert b"The code is not correct" in wrong.content
    pending.refresh_from_db()
    pending.throttle_reset()
    done = client.post("/accounts/setup/app/", {"code": current_code(pending), "next": "/grants/"})
    assert done.status_code == 302 and done["Location"].startswith("/accounts/recovery-codes/")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get("/grants/").status_code == 200  # enrolling verified this session


def test_enrolment_cannot_add_a_factor_without_the_existing_one(make_user):
    """An attacker with only the password must not enrol their own app beside the user's."""
    user = make_user(roles.OFFICE_STAFF)
    totp_device(user)
    client = PasswordOnlyClient()
    password_step(client, user)
    assert client.get("/accounts/setup/app/")["Location"].startswith("/accounts/verify/")
    assert client.post("/accounts/setup/app/", {"code": "123456"})["Location"].startswith("/accounts/verify/")
    assert client.post("/accounts/passkeys/registration/begin/").status_code in (401, 403)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_admin_is_behind_the_second_factor(make_user):
    admin_user = make_user(roles.ADMINISTRATOR)
    totp_device(admin_user)
    client = PasswordOnlyClient()
    password_step(client, admin_user)
    assert client.get("/admin/auth/user/")["Location"].startswith("/accounts/verify/")
