from django.urls import path

from . import tenancy_views as views

app_name = "tenancy"

urlpatterns = [
    path("b/<slug:board_slug>/logo/", views.board_logo, name="board_logo"),
    path("b/<slug:board_slug>/agencies/", views.board_agencies, name="board_agencies"),
    path(
        "b/<slug:board_slug>/agencies/add/", views.add_agency_to_board, name="add_agency_to_board"
    ),
    path(
        "b/<slug:board_slug>/agencies/<int:agency_id>/", views.agency_detail, name="agency_detail"
    ),
    path(
        "b/<slug:board_slug>/agencies/<int:agency_id>/edit/", views.agency_edit, name="agency_edit"
    ),
    path(
        "b/<slug:board_slug>/agencies/<int:agency_id>/remove/",
        views.remove_agency_from_board,
        name="remove_agency_from_board",
    ),
    path("r/<slug:region_slug>/", views.region_home, name="region_home"),
    path("r/<slug:region_slug>/agencies/add/", views.region_agency_form, name="region_agency_add"),
    path(
        "r/<slug:region_slug>/agencies/<int:agency_id>/edit/",
        views.region_agency_form,
        name="region_agency_edit",
    ),
    path("r/<slug:region_slug>/boards/add/", views.region_board_create, name="region_board_add"),
]
