from django.urls import path

from . import views

app_name = "audits"

b = "b/<slug:board_slug>/audits"

urlpatterns = [
    path(f"{b}/", views.programme, name="programme"),
    path(f"{b}/plan/", views.audit_form, name="audit_add"),
    path(f"{b}/<int:audit_id>/", views.audit, name="audit"),
    path(f"{b}/<int:audit_id>/edit/", views.audit_form, name="audit_edit"),
    path(f"{b}/<int:audit_id>/team/", views.team_add, name="team_add"),
    path(f"{b}/<int:audit_id>/cases/add/", views.case_add, name="case_add"),
    path(f"{b}/<int:audit_id>/cases/<int:case_id>/", views.case, name="case"),
    path(f"{b}/<int:audit_id>/cases/<int:case_id>/moderate/", views.moderate, name="moderate"),
    path(
        f"{b}/<int:audit_id>/cases/<int:case_id>/auditors/", views.case_auditor, name="case_auditor"
    ),
    path(f"{b}/<int:audit_id>/findings/add/", views.finding_add, name="finding_add"),
    path(f"{b}/<int:audit_id>/interviews/add/", views.interview_add, name="interview_add"),
    path(f"{b}/<int:audit_id>/compare/", views.comparison, name="compare"),
    path(f"{b}/<int:audit_id>/report.<str:export_format>", views.report, name="report"),
]
