"""Routes of the events part of correspondence and engagement (engagement/views/events.py and
engagement/views/consultations.py)."""

from django.urls import path

from .exports import EventExportView
from .views import consultations, events

EVENT = "events/<int:pk>/"
CONSULTATION = "consultations/<int:pk>/"

urlpatterns = [
    path("events/", events.EventListView.as_view(), name="events"),
    path("events/export.csv", EventExportView.as_view(file_format="csv"), name="events_csv"),
    path("events/export.xlsx", EventExportView.as_view(file_format="xlsx"), name="events_xlsx"),
    path("events/add/", events.EventCreateView.as_view(), name="event_add"),
    path(EVENT, events.EventDetailView.as_view(), name="event"),
    path(EVENT + "edit/", events.EventUpdateView.as_view(), name="event_edit"),
    path(EVENT + "<slug:action>/", events.EventTransitionView.as_view(), name="event_step"),
    path("consultations/", consultations.ConsultationListView.as_view(), name="consultations"),
    path("consultations/add/", consultations.ConsultationCreateView.as_view(), name="consultation_add"),
    path(CONSULTATION, consultations.ConsultationDetailView.as_view(), name="consultation"),
    path(CONSULTATION + "edit/", consultations.ConsultationUpdateView.as_view(), name="consultation_edit"),
    path(CONSULTATION + "phases/add/", consultations.PhaseAddView.as_view(), name="phase_add"),
    path(
        CONSULTATION + "phases/<int:phase>/edit/", consultations.PhaseUpdateView.as_view(), name="phase_edit"
    ),
    path(
        CONSULTATION + "phases/<int:phase>/delete/",
        consultations.PhaseDeleteView.as_view(),
        name="phase_delete",
    ),
    path(CONSULTATION + "results/add/", consultations.ResultAddView.as_view(), name="result_add"),
    path(
        CONSULTATION + "results/<int:result>/delete/",
        consultations.ResultDeleteView.as_view(),
        name="result_delete",
    ),
]
