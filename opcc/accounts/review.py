"""The access review (least privilege): every account's roles, last sign-in and factors.

One query for the page however many users: roles and factor counts are aggregated in the
database, and accounts unused for REVIEW_STALE_DAYS are flagged.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Aggregate, Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from opcc.accounts import services
from opcc.accounts.forms import ReasonForm
from opcc.core.permissions import is_administrator

User = get_user_model()


def review_queryset() -> QuerySet:
    """Users with their roles, last sign-in and factor status, in one query."""
    roles: Aggregate
    if connection.vendor == "postgresql":
        roles = StringAgg("groups__name", delimiter=", ", order_by="groups__name", distinct=True)
    else:  # the embedded SQLite of the run command

        class GroupConcat(Aggregate):
            function = "GROUP_CONCAT"
            template = "%(function)s(DISTINCT %(expressions)s)"

        roles = GroupConcat("groups__name")
    return User.objects.annotate(
        role_names=roles,
        has_passkey=Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        recovery_left=Count("staticdevice__token_set", distinct=True),
    ).order_by("-is_active", "username")


class AdministratorOnly(View):
    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied("The access review is for administrators only.")
        return super().dispatch(request, *args, **kwargs)


class AccessReviewView(AdministratorOnly):
    def get(self, request):
        stale_before = timezone.now() - timedelta(days=settings.ACCESS_REVIEW_STALE_DAYS)
        show = request.GET.get("show", "")
        users = review_queryset()
        if show == "stale":
            users = users.filter(Q(last_login__lt=stale_before) | Q(last_login__isnull=True), is_active=True)
        elif show == "active":
            users = users.filter(is_active=True)
        return render(
            request,
            "accounts/review.html",
            {
                "users": users[:1000],
                "stale_before": stale_before,
                "stale_days": settings.ACCESS_REVIEW_STALE_DAYS,
                "show": show,
                "page_title": "Access review",
            },
        )


class UserActionView(AdministratorOnly):
    """Confirm, then reset a user's factors or deactivate the account."""

    action = ""  # "reset" or "deactivate"

    def target(self, pk: int):
        return get_object_or_404(User, pk=pk)

    def page(self, request, user, form, status=200):
        return render(
            request,
            "accounts/user_action.html",
            {"target": user, "form": form, "action": self.action, "page_title": self.title(user)},
            status=status,
        )

    def title(self, user) -> str:
        verb = "Reset sign-in for" if self.action == "reset" else "Deactivate"
        return f"{verb} {user.get_username()}"

    def get(self, request, pk: int):
        return self.page(request, self.target(pk), ReasonForm())

    def post(self, request, pk: int):
        user = self.target(pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return self.page(request, user, form)
        try:
            if self.action == "reset":
                services.factors_reset(
                    user=user, by=request.user, request=request, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    f"{user.get_username()}'s sign-in methods were removed and their sessions ended. "
                    "They will set up a new one at their next sign-in.",
                )
            else:
                services.user_deactivate(
                    user=user, by=request.user, request=request, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{user.get_username()} was deactivated and signed out everywhere.")
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.page(request, user, form, status=403)
        return redirect("accounts:review")
