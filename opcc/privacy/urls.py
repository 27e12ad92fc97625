"""Personal data pages (ADR 0018): the header search, retention and reminders. Each part adds its
routes at the end."""

from django.urls import path

from opcc.privacy import views_reminders

app_name = "privacy"

urlpatterns = [
    path("reminders/", views_reminders.ReminderSettingsView.as_view(), name="reminders"),
]
