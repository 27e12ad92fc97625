"""Routes of the Youth Commissioners part of correspondence and engagement (engagement/views/youth.py).

Member pages (`youth/members/…`) open only for staff who work with Youth Commissioners."""

from django.urls import path

from .views import youth as views

COHORT = "youth/<int:pk>/"
MEMBER = "youth/members/<int:pk>/"

urlpatterns = [
    path("youth/", views.CohortListView.as_view(), name="cohorts"),
    path("youth/add/", views.CohortCreateView.as_view(), name="cohort_add"),
    path(COHORT, views.CohortDetailView.as_view(), name="cohort"),
    path(COHORT + "edit/", views.CohortUpdateView.as_view(), name="cohort_edit"),
    path(COHORT + "members/add/", views.MemberCreateView.as_view(), name="member_add"),
    path(COHORT + "activities/add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("youth/activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path(MEMBER, views.MemberDetailView.as_view(), name="member"),
    path(MEMBER + "edit/", views.MemberUpdateView.as_view(), name="member_edit"),
    path(MEMBER + "status/<str:action>/", views.MemberTransitionView.as_view(), name="member_status"),
]
