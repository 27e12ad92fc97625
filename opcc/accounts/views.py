"""The second sign-in step, enrolment and a user's own sign-in methods.

Every view here except the security page opens before the second factor is complete
(`second_factor_not_required`); each still needs the password step (LoginRequiredMiddleware).
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from opcc.accounts import services, sessions
from opcc.accounts.forms import CodeForm, RecoveryCodeForm
from opcc.accounts.middleware import second_factor_not_required, session_status_view
from opcc.accounts.models import factor_summary, has_confirmed_factor
from opcc.core.forms import LoginForm

exempt = method_decorator(second_factor_not_required, name="dispatch")


def _next_url(request: HttpRequest) -> str:
    """The page the user was going to, if it is ours; else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@method_decorator(login_not_required, name="dispatch")
@exempt
class SignInView(auth_views.LoginView):
    """Step one: username and password (django-axes and the per-address limit throttle it)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True


@exempt
class VerifyView(View):
    """Step two: a passkey, the authenticator app's code, or (linked) a recovery code."""

    template_name = "accounts/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return HttpResponseRedirect(_next_url(request))
        if not has_confirmed_factor(request.user):
            return redirect(f"{reverse('accounts:setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def context(self, form: CodeForm) -> dict:
        user = self.request.user
        return {
            "form": form,
            "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "has_recovery": StaticDevice.objects.filter(
                user=user, confirmed=True, token_set__isnull=False
            ).exists(),
            "next": _next_url(self.request),
            "page_title": "Confirm it is you",
        }

    def get(self, request):
        return render(request, self.template_name, self.context(CodeForm()))

    def post(self, request):
        form = CodeForm(request.POST)
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if form.is_valid():
            result = services.second_factor_verify(
                request=request, device=device, token=form.cleaned_data["code"], kind="totp"
            )
            if result.ok:
                return HttpResponseRedirect(_next_url(request))
            if result.signed_out:
                messages.error(request, result.message)
                return redirect("login")
            form.add_error("code", result.message)
        return render(request, self.template_name, self.context(form), status=200)


@exempt
class RecoveryView(View):
    """Step two with a single-use recovery code, for a lost phone or passkey."""

    template_name = "accounts/recovery.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return HttpResponseRedirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": RecoveryCodeForm(), "next": _next_url(request)})

    def post(self, request):
        form = RecoveryCodeForm(request.POST)
        device = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
        if form.is_valid():
            if device is None:
                form.add_error(
                    "code", "You have no recovery codes. Ask an administrator to reset your sign-in."
                )
            else:
                result = services.second_factor_verify(
                    request=request, device=device, token=form.cleaned_data["code"], kind="recovery"
                )
                if result.ok:
                    messages.info(
                        request,
                        "You used a recovery code. It will not work again. Set up a new passkey or "
                        "authenticator app if you lost yours, and create new recovery codes.",
                    )
                    return redirect(reverse("accounts:security"))
                if result.signed_out:
                    messages.error(request, result.message)
                    return redirect("login")
                form.add_error("code", result.message.replace("code is", "recovery code is"))
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


@exempt
class SetupView(View):
    """First sign-in: enrol a passkey (preferred) or an authenticator app before anything else."""

    def get(self, request):
        if not request.user.is_verified() and has_confirmed_factor(request.user):
            return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        return render(
            request,
            "accounts/setup.html",
            {
                "next": _next_url(request),
                "page_title": "Set up how you sign in",
                "enrolled": has_confirmed_factor(request.user),
            },
        )


@exempt
class SetupAppView(View):
    """Enrol an authenticator app: a QR code and the key to type, then one code to confirm it."""

    template_name = "accounts/setup_app.html"

    def guard(self, request) -> HttpResponse | None:
        # Replacing an app once enrolled needs a verified session; enrolling the first does not.
        if has_confirmed_factor(request.user) and not request.user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        return None

    def context(self, request, form) -> dict:
        device = services.totp_pending(request=request)
        uri = device.config_url
        secret = services.totp_secret_text(device)
        return {
            "form": form,
            "qr_svg": segno.make(uri, error="m").svg_inline(
                scale=4, title="QR code for your authenticator app"
            ),
            "secret": secret,
            "next": _next_url(request),
            "page_title": "Set up an authenticator app",
        }

    def get(self, request):
        return self.guard(request) or render(request, self.template_name, self.context(request, CodeForm()))

    def post(self, request):
        if (refused := self.guard(request)) is not None:
            return refused
        form = CodeForm(request.POST)
        if form.is_valid():
            device = services.totp_pending(request=request)
            if services.totp_confirm(request=request, device=device, token=form.cleaned_data["code"]):
                return redirect(
                    f"{reverse('accounts:recovery_codes')}?{urlencode({'next': _next_url(request)})}"
                )
            form.add_error(
                "code", "The code is not correct. Check the time on your phone is right and try again."
            )
        return render(request, self.template_name, self.context(request, form))


class RecoveryCodesView(View):
    """Create single-use recovery codes and show them once (they are never shown again)."""

    def get(self, request):
        left = factor_summary(request.user)["recovery_left"]
        return render(
            request,
            "accounts/recovery_codes.html",
            {"left": left, "next": _next_url(request), "page_title": "Recovery codes"},
        )

    def post(self, request):
        codes = services.recovery_codes_issue(request=request)
        response = render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": _next_url(request), "page_title": "Your recovery codes"},
        )
        return response


class SecurityView(View):
    """A user's own sign-in methods: passkeys, authenticator app, recovery codes."""

    def get(self, request):
        return render(
            request,
            "accounts/security.html",
            {
                **factor_summary(request.user),
                "current": request.user.otp_device,
                "page_title": "Your sign-in",
            },
        )


@require_POST
def passkey_remove(request, pk: int):
    credential = get_object_or_404(WebAuthnCredential, pk=pk, user=request.user)
    try:
        services.passkey_remove(request=request, credential=credential)
    except services.SecondFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Passkey removed.")
    return redirect("accounts:security")


@second_factor_not_required
@session_status_view
def session_status(request):
    """Seconds left before the session ends; asking does not count as activity."""
    return JsonResponse({"seconds_left": sessions.seconds_left(request.session)})


@require_POST
def session_extend(request):
    """'Stay signed in' on the timeout warning: the request itself is the activity."""
    sessions.session_touch(request.session, force=True)
    return JsonResponse({"seconds_left": sessions.seconds_left(request.session)})
