"""The admin backoffice: Administrators only, one sign-in, the office's data apart from the
technical records, and a check that no admin uses a widget that fails accessibility checks."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from opcc.core.permissions import is_administrator

OFFICE, TECHNICAL = "office", "technical"
# Apps whose records are the service's machinery, not the office's work: shown after office data,
# under their own heading, with plain names. A new module's app is office data unless listed here.
TECHNICAL_APPS = {
    "axes": "Sign-in attempts",
    "django_celery_results": "Task results",
    "django_celery_beat": "Schedules",
    "exports": "Export jobs",
}
# Office data: its order on the index and the names the office uses (others follow, by name).
OFFICE_APPS = {
    "grants": "Grants",
    "reports": "Annual report",
    "core": "Reference data",
    "auth": "People and access",
    "audit": "Audit trail",
}
SECTIONS = (
    (OFFICE, "Office data", "Grants, reports, reference data, and who may use the service."),
    (
        TECHNICAL,
        "Technical records",
        "What the service does behind the scenes: sign-in attempts, background tasks and their "
        "schedules, export files. For support and audit; the office's work is above.",
    ),
)
# Django admin widgets that fail axe (aria-prohibited-attr, label, aria-input-field-name, list):
# the two-box selector and select2. checks.admin_widgets refuses them.
REFUSED_OPTIONS = ("filter_horizontal", "filter_vertical", "autocomplete_fields")


class OPCCAdminSite(AdminSite):
    """The backoffice is for Administrators only, whatever else a user may do."""

    site_header = f"{settings.SERVICE_NAME}: admin"
    site_title = "OPCC admin"
    index_title = "Admin"

    site_url = None  # the header links to the service's home itself (templates/admin/base_site.html)
    # No app list down the side of every page: lists get the width (the index and the breadcrumbs
    # lead everywhere), and a 1280 px screen shows an application list's columns without scrolling.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None) -> list[dict[str, Any]]:
        """Office data first in the office's order and words, then the technical records."""
        apps = super().get_app_list(request, app_label)
        office_order = list(OFFICE_APPS)
        for app in apps:
            label = app["app_label"]
            app["section"] = TECHNICAL if label in TECHNICAL_APPS else OFFICE
            app["name"] = TECHNICAL_APPS.get(label) or OFFICE_APPS.get(label) or app["name"]
        apps.sort(
            key=lambda app: (
                app["section"] == TECHNICAL,
                office_order.index(app["app_label"]) if app["app_label"] in OFFICE_APPS else 99,
                app["name"].lower(),
            )
        )
        return apps

    def index(self, request, extra_context=None):
        apps = self.get_app_list(request)
        sections = [
            {"key": key, "title": title, "intro": intro, "apps": [a for a in apps if a["section"] == key]}
            for key, title, intro in SECTIONS
        ]
        context = {"admin_sections": [s for s in sections if s["apps"]], **(extra_context or {})}
        return super().index(request, context)

    def has_permission(self, request) -> bool:
        return is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not self.has_permission(request):
                raise PermissionDenied("The admin backoffice is for administrators only.")
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request, extra_context=None):
        """One sign-in page for the whole service. Once signed in, an Administrator goes on to the
        admin page they asked for; anyone else gets 403."""
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise PermissionDenied("The admin backoffice is for administrators only.")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = reverse("admin:index", current_app=self.name)
            return HttpResponseRedirect(target)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)


def check_admin_widgets(app_configs=None, **kwargs) -> list[Any]:
    """Refuse the admin options whose widgets fail axe (see REFUSED_OPTIONS), on every registered
    model admin and its inlines. Use a plain select, checkboxes (opcc.core.admin.CheckboxesMixin)
    or raw_id_fields for a large table instead."""
    from django.contrib import admin
    from django.core import checks

    errors = []
    for model, model_admin in admin.site._registry.items():
        for owner in (model_admin, *model_admin.inlines):
            for option in REFUSED_OPTIONS:
                if getattr(owner, option, ()):
                    name = getattr(owner, "__name__", type(owner).__name__)
                    errors.append(
                        checks.Error(
                            f"{name}.{option} renders a widget that fails accessibility checks.",
                            hint="Use checkbox_fields (few choices), a plain select, or raw_id_fields.",
                            obj=model,
                            id="opcc.A001",
                        )
                    )
    return errors
