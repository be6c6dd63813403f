from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("b/<slug:board_slug>/reports/", views.report_list, name="list"),
    path("b/<slug:board_slug>/reports/start/", views.start, name="start"),
    path("b/<slug:board_slug>/reports/<int:report_id>/", views.report, name="report"),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/sections/<slug:key>/",
        views.narrative,
        name="narrative",
    ),
    path("b/<slug:board_slug>/reports/<int:report_id>/publish/", views.publish, name="publish"),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/new-version/",
        views.new_version,
        name="new_version",
    ),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/<str:export_format>/",
        views.download,
        name="download",
    ),
    path("b/<slug:board_slug>/board-pack/", views.pack, name="board_pack"),
]
