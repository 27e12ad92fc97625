"""Every signed-in request: session limits, the second factor, and no caching of case pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from opcc.accounts import sessions

# Views that must open before the second factor is complete (the sign-in steps themselves).
MFA_EXEMPT_NAMESPACES = {"otp_webauthn"}

END_MESSAGES = {
    sessions.IDLE: "You were signed out because you had not done anything for {minutes} minutes. "
    "Sign in again to carry on.",
    sessions.EXPIRED: "Your session has ended. Sign in again to carry on.",
    "factor_reset": "Your sign-in factors were reset, so you were signed out everywhere. Sign in again.",
}


def second_factor_not_required(view):
    """Mark a view that opens to a user who has entered a password but not yet a second factor."""
    view.second_factor_not_required = True
    return view


def session_status_view(view):
    """Mark a view whose requests do not count as activity (the timeout warning's status check)."""
    view.not_activity = True
    return view


def _sign_out(request: HttpRequest, reason: str) -> HttpResponse:
    from opcc.accounts.services import record_session_end

    record_session_end(request=request, reason=reason)
    logout(request)
    minutes = settings.SESSION_IDLE_TIMEOUT // 60
    messages.info(request, END_MESSAGES[reason].format(minutes=minutes))
    login = reverse("login")
    if request.method == "GET" and not request.headers.get("HX-Request"):
        return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
    return HttpResponseRedirect(login)


class SessionSecurityMiddleware:
    """Ends idle and expired sessions, and sessions whose factor was reset; marks pages no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before anything evaluates request.user: django-otp then drops a stale device id.
        request.opcc_verified_with = request.session.get(DEVICE_ID_SESSION_KEY)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # A shared browser must not keep case pages (or anything else behind sign-in).
            response.headers["Cache-Control"] = "private, no-store"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        reason = sessions.session_end_reason(request.session)
        if reason is None and getattr(request, "opcc_verified_with", None) and not user.is_verified():
            # The session was verified with a device that no longer exists: factors were reset.
            reason = "factor_reset"
        if reason is not None:
            return _sign_out(request, reason)
        if not getattr(view_func, "not_activity", False):
            sessions.session_touch(request.session)
        return None


class SecondFactorRequiredMiddleware:
    """Until the second factor is verified, a signed-in user reaches only the sign-in steps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "second_factor_not_required", False):
            return None
        match = request.resolver_match
        if match is not None and match.namespace in MFA_EXEMPT_NAMESPACES:
            return None
        from opcc.accounts.models import has_confirmed_factor

        step = "accounts:verify" if has_confirmed_factor(user) else "accounts:setup"
        target = reverse(step)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)
