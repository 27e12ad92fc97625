"""Routes of a subject access request's pages (engagement/views/subject_access.py)."""

from django.urls import path

from .views import subject_access as views

ONE = "cases/<int:pk>/subject-access/"
BUNDLE = ONE + "bundles/<int:bundle_pk>/"

urlpatterns = [
    path(ONE, views.FindPersonView.as_view(), name="sar_find"),
    path(ONE + "confirm/", views.MatchConfirmView.as_view(), name="sar_confirm"),
    path(ONE + "matches/<int:match_pk>/remove/", views.MatchRemoveView.as_view(), name="sar_remove"),
    path(ONE + "bundles/", views.BundleRequestView.as_view(), name="sar_build"),
    path(BUNDLE, views.BundleView.as_view(), name="sar_bundle"),
    path(BUNDLE + "redactions/", views.RedactionsView.as_view(), name="sar_redactions"),
    path(BUNDLE + "release/", views.BundleReleaseView.as_view(), name="sar_release"),
    path(BUNDLE + "<str:file_format>/", views.BundleDownloadView.as_view(), name="sar_download"),
]
