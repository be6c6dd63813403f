from django.urls import path

from . import views

app_name = "regional"

b = "b/<slug:board_slug>"
r = "r/<slug:region_slug>"

urlpatterns = [
    path(f"{b}/regional-library/", views.library, name="library"),
    path(f"{b}/regional-library/add/", views.resource_add, name="resource_add"),
    path(f"{b}/regional-library/<int:resource_id>/", views.resource, name="resource"),
    path(
        f"{b}/regional-library/<int:resource_id>/file/", views.resource_file, name="resource_file"
    ),
    path(f"{b}/regional-report/", views.board_region_report, name="board_report"),
    path(f"{b}/regional-report/export/", views.board_report_export, name="board_report_export"),
    path(f"{r}/library/", views.curate, name="curate"),
    path(f"{r}/report/", views.region_report, name="region_report"),
    path(f"{r}/report/export/", views.region_report_export, name="region_report_export"),
]
