import pytest
from django.test import Client

from opcc.accounts.demo import current_code
from tests.auth import totp_device
from tests.factories import TEST_PASSWORD


@pytest.fixture
def anon():
    """A browser with no session yet; it signs in through the forms."""
    return Client()


def password_step(client: Client, user, *, next_url: str = "") -> object:
    """Post the username and password, as the sign-in page does."""
    data = {"username": user.username, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def code_step(client: Client, user, *, next_url: str = ""):
    device = totp_device(user)
    device.refresh_from_db()
    data = {"code": current_code(device)}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/verify/", data)


@pytest.fixture
def signed_in_fully(anon):
    """Sign a user in through both steps with the forms; returns the client."""

    def sign_in(user):
        totp_device(user)
        assert password_step(anon, user).status_code == 302
        response = code_step(anon, user)
        assert response.status_code == 302, response.content[:500]
        return anon

    return sign_in
