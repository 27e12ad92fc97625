"""Routes of the visits part of the custody schemes module (volunteers/views/visits*.py)."""

from django.urls import path

from .exports import IssueExportView, VisitExportView
from .views import visits as views
from .views import visits_issues as issues

VISIT = "visits/<int:pk>/"
ISSUE = "issues/<int:pk>/"

urlpatterns = [
    path("visits/", views.VisitListView.as_view(), name="visits"),
    path("visits/export.csv", VisitExportView.as_view(file_format="csv"), name="visits_csv"),
    path("visits/export.xlsx", VisitExportView.as_view(file_format="xlsx"), name="visits_xlsx"),
    path("visits/add/", views.VisitCreateView.as_view(), name="visit_add"),
    path(VISIT, views.VisitDetailView.as_view(), name="visit"),
    path(VISIT + "edit/", views.VisitUpdateView.as_view(), name="visit_edit"),
    path(VISIT + "report/", views.VisitReportView.as_view(), name="visit_report"),
    path(VISIT + "issues/add/", issues.IssueRaiseView.as_view(), name="issue_add"),
    path("issues/", issues.IssueListView.as_view(), name="issues"),
    path("issues/export.csv", IssueExportView.as_view(file_format="csv"), name="issues_csv"),
    path("issues/export.xlsx", IssueExportView.as_view(file_format="xlsx"), name="issues_xlsx"),
    path(ISSUE, issues.IssueDetailView.as_view(), name="issue"),
    path(ISSUE + "escalate/", issues.IssueEscalateView.as_view(), name="issue_escalate"),
    path(ISSUE + "response/", issues.IssueResponseView.as_view(), name="issue_response"),
    path(ISSUE + "close/", issues.IssueCloseView.as_view(), name="issue_close"),
]
