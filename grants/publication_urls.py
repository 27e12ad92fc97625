"""Publication outputs, included by grants/urls.py at "publications/" (names within app "grants")."""

from django.urls import path

from .views import publications

urlpatterns = [
    path("", publications.PublicationsPage.as_view(), name="publications_home"),
    path(
        "360giving.<str:file_format>",
        publications.ThreeSixtyGivingDownloadView.as_view(),
        name="publications_360giving",
    ),
    path("register.csv", publications.RegisterDownloadView.as_view(), name="publications_register"),
]
