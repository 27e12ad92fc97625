"""The admin's user pages get the two account actions of the access review.

django-otp's own device admins are removed: they would let an administrator read a user's
authenticator key or add a device in their name. Factors are only ever reset, and a user enrols
their own.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

from opcc.accounts import services
from opcc.core.admin import CheckboxesMixin

for _model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation, WebAuthnUserHandle):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

User = get_user_model()


@admin.action(description="Reset sign-in factors (signs them out everywhere)")
def reset_factors(modeladmin, request, queryset):
    for user in queryset:
        services.factors_reset(user=user, by=request.user, request=request, reason="Reset in the admin")
    modeladmin.message_user(
        request, f"Sign-in factors reset for {queryset.count()} account(s).", messages.SUCCESS
    )


@admin.action(description="Deactivate (signs them out everywhere)")
def deactivate(modeladmin, request, queryset):
    done = 0
    for user in queryset.filter(is_active=True):
        try:
            services.user_deactivate(
                user=user, by=request.user, request=request, reason="Deactivated in the admin"
            )
            done += 1
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{user.get_username()}: {error}", messages.ERROR)
    modeladmin.message_user(request, f"{done} account(s) deactivated.", messages.SUCCESS)


class StaffUserAdmin(CheckboxesMixin, UserAdmin):
    actions = [reset_factors, deactivate]
    filter_horizontal = ()  # the two-box selector fails axe: roles as checkboxes, permissions a plain select
    checkbox_fields = ("groups",)
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


class RoleAdmin(GroupAdmin):
    """Roles (ADR 0005) with their permissions in a plain multiple select (no two-box selector)."""

    filter_horizontal = ()


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
