from django.urls import path

from . import views

app_name = "selfassessment"

b = "b/<slug:board_slug>/self-assessment"

urlpatterns = [
    path(f"{b}/", views.assessments, name="list"),
    path(f"{b}/start/", views.start, name="start"),
    path(f"{b}/<int:assessment_id>/", views.detail, name="detail"),
    path(f"{b}/<int:assessment_id>/edit/", views.edit, name="edit"),
    path(f"{b}/<int:assessment_id>/decide/", views.decide, name="decide"),
    path(f"{b}/<int:assessment_id>/standing-item/", views.standing_item, name="standing_item"),
    path(f"{b}/<int:assessment_id>/revisions/<int:number>/", views.revision, name="revision"),
    path(f"{b}/<int:assessment_id>/criteria/<int:question_id>/", views.criterion, name="criterion"),
    path(
        f"{b}/<int:assessment_id>/criteria/<int:question_id>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        f"{b}/<int:assessment_id>/evidence/<int:link_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
]
