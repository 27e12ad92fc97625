from django.urls import path

from opcc.exports import views

app_name = "exports"

urlpatterns = [
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/progress/", views.JobProgressView.as_view(), name="job_progress"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
]
