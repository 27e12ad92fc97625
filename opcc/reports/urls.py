from django.urls import path

from opcc.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportsHomeView.as_view(), name="home"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", views.RunProgressView.as_view(), name="run_progress"),
    path("runs/<int:pk>/download/<str:fmt>/", views.DownloadView.as_view(), name="download"),
    path("preview/", views.PreviewView.as_view(), name="preview"),
]
