from django.urls import path

from opcc.core import views
from opcc.core.documents import views as documents

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Documents on any registered record (opcc.core.documents, ADR 0014); the owner is
    # "app_label.model_name" and its primary key.
    path(
        "documents/add/<str:owner_type>/<int:owner_id>/",
        documents.DocumentAddView.as_view(),
        name="document_add",
    ),
    path("documents/<int:pk>/download/", documents.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/delete/", documents.DocumentDeleteView.as_view(), name="document_delete"),
]
