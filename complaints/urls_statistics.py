"""The quarterly review performance page and its CSV."""

from django.urls import path

from .views.quarterly import QuarterlyCsvView, QuarterlyView

urlpatterns = [
    path("performance/", QuarterlyView.as_view(), name="quarterly"),
    path("performance/csv/", QuarterlyCsvView.as_view(), name="quarterly_csv"),
]
