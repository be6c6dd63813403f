from django.urls import path

from . import views

app_name = "inspections"

b = "b/<slug:board_slug>/inspections"

urlpatterns = [
    path(f"{b}/", views.inspection_list, name="list"),
    path(f"{b}/add/", views.inspection_add, name="add"),
    path(f"{b}/<int:inspection_id>/", views.inspection_detail, name="detail"),
    path(f"{b}/<int:inspection_id>/edit/", views.inspection_edit, name="edit"),
    path(f"{b}/<int:inspection_id>/judgements/", views.judgement, name="judgement"),
    path(f"{b}/<int:inspection_id>/report/", views.report_upload, name="report_upload"),
    path(f"{b}/<int:inspection_id>/report/file/", views.report_download, name="report_download"),
    path(f"{b}/<int:inspection_id>/findings/", views.finding, name="finding"),
    path(
        f"{b}/<int:inspection_id>/findings/<int:finding_id>/action/",
        views.action,
        name="action",
    ),
]
