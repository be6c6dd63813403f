from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/file/", views.job_file, name="file"),
    path("b/<slug:board_slug>/jobs/failed/", views.failed, name="failed"),
    path("b/<slug:board_slug>/jobs/<int:job_id>/retry/", views.retry, name="retry"),
]
