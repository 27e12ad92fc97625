"""Routes of the statistics part of the custody schemes module: the ICV arrangements page and CSV."""

from django.urls import path

from .views.statistics import ArrangementsCsvView, ArrangementsView

urlpatterns = [
    path("arrangements/", ArrangementsView.as_view(), name="arrangements"),
    path("arrangements/csv/", ArrangementsCsvView.as_view(), name="arrangements_csv"),
]
