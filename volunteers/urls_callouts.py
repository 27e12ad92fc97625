"""Routes of the call-outs part of the custody schemes module (volunteers/views/callouts*.py)."""

from django.urls import path

from .exports import CallOutExportView
from .views.callouts import (
    CallOutAssignView,
    CallOutAttendView,
    CallOutCancelView,
    CallOutCompleteView,
    CallOutCreateView,
    CallOutDetailView,
    CallOutListView,
    CallOutUnfillView,
)
from .views.callouts_entry import CallOutEntryView

urlpatterns = [
    path("call-outs/", CallOutListView.as_view(), name="callouts"),
    path("call-outs/export.csv", CallOutExportView.as_view(file_format="csv"), name="callouts_csv"),
    path("call-outs/export.xlsx", CallOutExportView.as_view(file_format="xlsx"), name="callouts_xlsx"),
    path("call-outs/new/", CallOutCreateView.as_view(), name="callout_add"),
    path("call-outs/paper-returns/", CallOutEntryView.as_view(), name="callout_entry"),
    path("call-outs/<int:pk>/", CallOutDetailView.as_view(), name="callout"),
    path("call-outs/<int:pk>/assign/", CallOutAssignView.as_view(), name="callout_assign"),
    path("call-outs/<int:pk>/arrival/", CallOutAttendView.as_view(), name="callout_attend"),
    path("call-outs/<int:pk>/complete/", CallOutCompleteView.as_view(), name="callout_complete"),
    path("call-outs/<int:pk>/unfilled/", CallOutUnfillView.as_view(), name="callout_unfill"),
    path("call-outs/<int:pk>/cancel/", CallOutCancelView.as_view(), name="callout_cancel"),
]
