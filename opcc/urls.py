from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from opcc.core.forms import LoginForm

urlpatterns = [
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("grants/", include("grants.urls")),
    path("complaints/", include("complaints.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("engagement/", include("engagement.urls")),
    path("reports/", include("opcc.reports.urls")),
    path("", include("opcc.core.urls")),
]
