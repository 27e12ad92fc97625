from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from opcc.accounts.middleware import second_factor_not_required
from opcc.accounts.views import SignInView
from opcc.core.csp import csp_report

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", second_factor_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/", include("opcc.accounts.urls")),
    path("accounts/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("csp-report/", csp_report, name="csp_report"),
    path("admin/", admin.site.urls),
    path("grants/", include("grants.urls")),
    path("complaints/", include("complaints.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("engagement/", include("engagement.urls")),
    path("reports/", include("opcc.reports.urls")),
    path("audit/", include("opcc.audit.urls")),
    path("exports/", include("opcc.exports.urls")),
    path("privacy/", include("opcc.privacy.urls")),
    path("", include("opcc.core.urls")),
]
