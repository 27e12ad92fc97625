"""Routes of the awards part of correspondence and engagement (engagement/views/awards.py)."""

from django.urls import path

from .views import awards as views

EDITION = "awards/<int:pk>/"
NOMINATION = "awards/nominations/<int:pk>/"

urlpatterns = [
    path("awards/", views.EditionListView.as_view(), name="editions"),
    path("awards/add/", views.EditionCreateView.as_view(), name="edition_add"),
    path(EDITION, views.EditionDetailView.as_view(), name="edition"),
    path(EDITION + "edit/", views.EditionUpdateView.as_view(), name="edition_edit"),
    path(EDITION + "nominations/add/", views.NominationCreateView.as_view(), name="nomination_add"),
    path("awards/nominations/", views.NominationListView.as_view(), name="nominations"),
    path(NOMINATION, views.NominationDetailView.as_view(), name="nomination"),
    path(NOMINATION + "edit/", views.NominationUpdateView.as_view(), name="nomination_edit"),
    path(NOMINATION + "<str:action>/", views.NominationDecideView.as_view(), name="nomination_decide"),
]
