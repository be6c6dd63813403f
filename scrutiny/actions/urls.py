from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("b/<slug:board_slug>/actions/", views.tracker, name="tracker"),
    path("b/<slug:board_slug>/actions/new/", views.create, name="create"),
    path("b/<slug:board_slug>/actions/<int:action_id>/", views.detail, name="detail"),
    path("b/<slug:board_slug>/actions/<int:action_id>/update/", views.update, name="update"),
    path("b/<slug:board_slug>/actions/<int:action_id>/measure/", views.measure, name="measure"),
    path(
        "b/<slug:board_slug>/actions/<int:action_id>/sign-off/",
        views.sign_off,
        name="sign_off",
    ),
    path(
        "b/<slug:board_slug>/actions/<int:action_id>/evidence/<int:evidence_id>/",
        views.download_evidence,
        name="evidence",
    ),
]
