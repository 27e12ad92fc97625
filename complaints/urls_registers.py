"""Dip samples and investigations over 12 months (complaints/views/registers.py)."""

from django.urls import path

from .views import registers as views

DIP = "dip-samples/<int:pk>/"
RECOMMENDATION = DIP + "recommendations/<int:action_pk>/"
INVESTIGATION = "investigations-over-12-months/"

urlpatterns = [
    path("dip-samples/", views.DipSampleListView.as_view(), name="dip_samples"),
    path("dip-samples/add/", views.DipSampleCreateView.as_view(), name="dip_sample_add"),
    path(DIP, views.DipSampleDetailView.as_view(), name="dip_sample"),
    path(DIP + "edit/", views.DipSampleUpdateView.as_view(), name="dip_sample_edit"),
    path(DIP + "fieldwork/", views.DipSampleFieldworkView.as_view(), name="dip_sample_fieldwork"),
    path(DIP + "report/", views.DipSampleReportView.as_view(), name="dip_sample_report"),
    path(DIP + "close/", views.DipSampleCloseView.as_view(), name="dip_sample_close"),
    path(
        DIP + "recommendations/add/",
        views.RecommendationAddView.as_view(),
        name="dip_sample_recommendation_add",
    ),
    path(
        RECOMMENDATION + "follow-up/",
        views.RecommendationFollowUpView.as_view(),
        name="dip_sample_recommendation_follow_up",
    ),
    path(
        RECOMMENDATION + "complete/",
        views.RecommendationCompleteView.as_view(),
        name="dip_sample_recommendation_complete",
    ),
    path(INVESTIGATION, views.LongInvestigationListView.as_view(), name="long_investigations"),
    path(INVESTIGATION + "add/", views.LongInvestigationCreateView.as_view(), name="long_investigation_add"),
    path(INVESTIGATION + "<int:pk>/", views.LongInvestigationDetailView.as_view(), name="long_investigation"),
    path(
        INVESTIGATION + "<int:pk>/edit/",
        views.LongInvestigationUpdateView.as_view(),
        name="long_investigation_edit",
    ),
]
