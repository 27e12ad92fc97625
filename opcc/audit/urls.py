from django.urls import path

from opcc.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditListView.as_view(), name="list"),
    path("export.csv", views.AuditExportView.as_view(file_format="csv"), name="export_csv"),
    path("export.xlsx", views.AuditExportView.as_view(file_format="xlsx"), name="export_xlsx"),
]
