from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("b/<slug:board_slug>/reports/", views.report_list, name="list"),
    path("b/<slug:board_slug>/reports/start/", views.start, name="start"),
    path("b/<slug:board_slug>/reports/<int:report_id>/", views.report, name="report"),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/charts/<slug:digest>.png",
        views.chart,
        name="chart",
    ),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/sections/<slug:key>/",
        views.narrative,
        name="narrative",
    ),
    path("b/<slug:board_slug>/reports/settings/", views.report_settings, name="settings"),
    path(
        "b/<slug:board_slug>/reports/settings/signatories/<slug:role>/",
        views.signatory,
        name="signatory",
    ),
    path("b/<slug:board_slug>/reports/<int:report_id>/publish/", views.publish, name="publish"),
    path("b/<slug:board_slug>/reports/<int:report_id>/checks/", views.checks, name="checks"),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/approve/<slug:role>/",
        views.approve,
        name="approve",
    ),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/publication/",
        views.publication,
        name="publication",
    ),
    path(
        "b/<slug:board_slug>/reports/<int:report_id>/sent/<int:dispatch_id>/",
        views.dispatch,
        name="dispatch",
    ),
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
    path("b/<slug:board_slug>/board-pack/file/", views.pack_file, name="board_pack_file"),
]
