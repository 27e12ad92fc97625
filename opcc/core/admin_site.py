from functools import wraps

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from opcc.core.permissions import is_administrator


class OPCCAdminSite(AdminSite):
    """The backoffice is for Administrators only, whatever else a user may do."""

    site_header = "OPCC Case and Grant Management: admin"
    site_title = "OPCC admin"
    index_title = "Backoffice"

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
