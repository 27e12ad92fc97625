"""Routes of the volunteers part of the custody schemes module (volunteers/views/people.py)."""

from django.urls import path

from .exports import VolunteerExportView
from .views import people as views

ONE = "volunteers/<int:pk>/"

urlpatterns = [
    path("volunteers/", views.VolunteerListView.as_view(), name="volunteers"),
    path("volunteers/export.csv", VolunteerExportView.as_view(file_format="csv"), name="volunteers_csv"),
    path("volunteers/export.xlsx", VolunteerExportView.as_view(file_format="xlsx"), name="volunteers_xlsx"),
    path("volunteers/add/", views.VolunteerCreateView.as_view(), name="volunteer_add"),
    path(ONE, views.VolunteerDetailView.as_view(), name="volunteer"),
    path(ONE + "edit/", views.VolunteerUpdateView.as_view(), name="volunteer_edit"),
    path(ONE + "status/<str:action>/", views.VolunteerTransitionView.as_view(), name="volunteer_status"),
    path(ONE + "training/add/", views.TrainingAddView.as_view(), name="volunteer_training_add"),
    path(ONE + "reaccredit/", views.ReaccreditView.as_view(), name="volunteer_reaccredit"),
    path(ONE + "availability/add/", views.AvailabilityAddView.as_view(), name="volunteer_availability_add"),
]
