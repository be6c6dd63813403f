from django.urls import path

from . import views

app_name = "returns"

b = "b/<slug:board_slug>/returns"

urlpatterns = [
    path(f"{b}/", views.return_list, name="list"),
    path(f"{b}/schedule/", views.schedule, name="schedule"),
    path(f"{b}/schedule/year/", views.schedule_year, name="schedule_year"),
    path(f"{b}/sessions/", views.sessions, name="sessions"),
    path(f"{b}/section-11/", views.section_11, name="section_11"),
    path(f"{b}/section-11/agencies/<int:agency_id>/", views.agency_history, name="agency_history"),
    path(f"{b}/section-11/inspection/", views.inspection_finding, name="inspection_finding"),
    path(f"{b}/<int:return_id>/", views.detail, name="detail"),
    path(f"{b}/<int:return_id>/edit/", views.edit, name="edit"),
    path(f"{b}/<int:return_id>/evidence/", views.upload_evidence, name="upload_evidence"),
    path(
        f"{b}/<int:return_id>/evidence/<int:evidence_id>/",
        views.download_evidence,
        name="download_evidence",
    ),
    path(
        f"{b}/<int:return_id>/evidence/<int:evidence_id>/delete/",
        views.delete_evidence,
        name="delete_evidence",
    ),
    path(f"{b}/<int:return_id>/reopen/", views.reopen, name="reopen"),
    path(f"{b}/<int:return_id>/accept/", views.accept, name="accept"),
    path(f"{b}/<int:return_id>/challenge/", views.challenge, name="challenge"),
    path(
        f"{b}/<int:return_id>/challenges/<int:challenge_id>/respond/", views.respond, name="respond"
    ),
    path(
        f"{b}/<int:return_id>/challenges/<int:challenge_id>/finding/",
        views.challenge_finding,
        name="challenge_finding",
    ),
    path(f"{b}/<int:return_id>/export.<str:export_format>", views.export_return, name="export"),
    path("r/<slug:region_slug>/section-11/", views.region_section_11, name="region_section_11"),
]
