"""Passkeys: the relying party is the host the service answers on (no port)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_otp_webauthn.helpers import WebAuthnHelper


def rp_id(request: HttpRequest) -> str:
    """`localhost` for the run command, the service's host name in production."""
    return request.get_host().rsplit(":", 1)[0].strip("[]")


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class Helper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        origins = list(super().get_allowed_origins())
        if settings.WEBAUTHN_LOCAL_ORIGINS and rp_id(self.request) in LOOPBACK:
            # Development and tests serve on any local port: accept the request's own origin.
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins
