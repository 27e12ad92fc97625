"""The module's home, the complaint reviews list and its exports (complaints/views/review_list.py)."""

from django.urls import path

from .exports import ReviewExportView
from .views.home import HomeView
from .views.review_list import ReviewListView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("reviews/", ReviewListView.as_view(), name="reviews"),
    path("reviews/export.csv", ReviewExportView.as_view(file_format="csv"), name="reviews_csv"),
    path("reviews/export.xlsx", ReviewExportView.as_view(file_format="xlsx"), name="reviews_xlsx"),
]
