"""Routes of the casework part of correspondence and engagement (engagement/views/casework*.py)."""

from django.urls import path

from .exports import CaseExportView
from .views import casework as views
from .views import casework_forms as forms

ONE = "cases/<int:pk>/"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/export.csv", CaseExportView.as_view(file_format="csv"), name="cases_csv"),
    path("cases/export.xlsx", CaseExportView.as_view(file_format="xlsx"), name="cases_xlsx"),
    path("cases/add/", forms.CaseCreateView.as_view(), name="case_add"),
    path(ONE, views.CaseDetailView.as_view(), name="case"),
    path(ONE + "edit/", forms.CaseUpdateView.as_view(), name="case_edit"),
    path(ONE + "assign/", forms.CaseAssignView.as_view(), name="case_assign"),
    path(ONE + "start/", forms.CaseStartView.as_view(), name="case_start"),
    path(ONE + "stop/", forms.ClockStopView.as_view(), name="case_stop"),
    path(ONE + "restart/", forms.ClockRestartView.as_view(), name="case_restart"),
    path(ONE + "extend/", forms.CaseExtendView.as_view(), name="case_extend"),
    path(ONE + "respond/", forms.CaseRespondView.as_view(), name="case_respond"),
    path(ONE + "close/", forms.CaseCloseView.as_view(), name="case_close"),
    path(ONE + "reopen/", forms.CaseReopenView.as_view(), name="case_reopen"),
    path(ONE + "link/", forms.CaseLinkView.as_view(), name="case_link"),
]
