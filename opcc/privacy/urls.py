"""Personal data pages (ADR 0018): the header search, retention and reminders. Each part adds its
routes at the end."""

from django.urls import path

from opcc.privacy import views_reminders, views_search
from opcc.privacy import views_retention as retention

app_name = "privacy"

urlpatterns = [
    path("reminders/", views_reminders.ReminderSettingsView.as_view(), name="reminders"),
    path("retention/", retention.ScheduleView.as_view(), name="retention"),
    path("retention/dry-run/", retention.DryRunView.as_view(), name="retention_dry_run"),
    path("retention/rules/<int:pk>/edit/", retention.RuleEditView.as_view(), name="retention_rule_edit"),
    path("retention/holds/", retention.HoldListView.as_view(), name="retention_holds"),
    path("retention/holds/add/", retention.HoldPlaceView.as_view(), name="retention_hold_add"),
    path("retention/holds/<int:pk>/lift/", retention.HoldLiftView.as_view(), name="retention_hold_lift"),
    path("retention/batches/", retention.BatchListView.as_view(), name="retention_batches"),
    path("retention/batches/<int:pk>/", retention.BatchDetailView.as_view(), name="retention_batch"),
    path(
        "retention/batches/<int:pk>/approve/",
        retention.BatchApproveView.as_view(),
        name="retention_batch_approve",
    ),
    path(
        "retention/batches/<int:pk>/reject/",
        retention.BatchRejectView.as_view(),
        name="retention_batch_reject",
    ),
    path("retention/log/", retention.LogView.as_view(), name="retention_log"),
    path("search/", views_search.SearchView.as_view(), name="search"),
]
