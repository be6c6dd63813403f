from django.urls import path

from . import views

app_name = "partnership"

b = "b/<slug:board_slug>/partnership"

urlpatterns = [
    path(f"{b}/", views.overview, name="overview"),
    path(f"{b}/partners/<slug:partner_kind>/", views.partner_edit, name="partner_edit"),
    path(f"{b}/agencies/", views.register, name="register"),
    path(f"{b}/agencies/<int:agency_id>/", views.register_edit, name="register_edit"),
    path(f"{b}/documents/", views.documents, name="documents"),
    path(f"{b}/documents/<slug:document_kind>/add/", views.version_add, name="version_add"),
    path(
        f"{b}/documents/versions/<int:version_id>/sign/<int:partner_id>/",
        views.version_sign,
        name="version_sign",
    ),
    path(f"{b}/documents/versions/<int:version_id>/file/", views.version_file, name="version_file"),
    path(f"{b}/budget/", views.budget, name="budget"),
    path(f"{b}/budget/add/", views.contribution_edit, name="contribution_add"),
    path(f"{b}/budget/<int:contribution_id>/", views.contribution_edit, name="contribution_edit"),
]
