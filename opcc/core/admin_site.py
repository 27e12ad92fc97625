from functools import wraps

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

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
        """One sign-in page for the whole service; signed-in non-administrators get 403."""
        if request.user.is_authenticated:
            raise PermissionDenied("The admin backoffice is for administrators only.")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
