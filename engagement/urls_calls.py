"""Routes of the calls part of correspondence and engagement."""

from django.urls import path

from .views.calls import CallAddView, CallDaySetView, CallsView

urlpatterns = [
    path("calls/", CallsView.as_view(), name="calls"),
    path("calls/add/", CallAddView.as_view(), name="call_add"),
    path("calls/day/", CallDaySetView.as_view(), name="call_day"),
]
