from django.urls import path

from . import views

app_name = "incidents"

B = "b/<slug:board_slug>/incidents/"

urlpatterns = [
    path(B, views.register, name="register"),
    path(f"{B}clocks/", views.clocks, name="clocks"),
    path(f"{B}add/", views.incident_form, name="add"),
    path(f"{B}<int:incident_id>/", views.detail, name="detail"),
    path(f"{B}<int:incident_id>/edit/", views.incident_form, name="edit"),
    path(f"{B}<int:incident_id>/rapid-review/", views.rapid_review, name="rapid_review"),
    path(
        f"{B}<int:incident_id>/rapid-review/edit/",
        views.rapid_review_edit,
        name="rapid_review_edit",
    ),
    path(
        f"{B}<int:incident_id>/rapid-review/answers/",
        views.rapid_review_answers,
        name="rapid_review_answers",
    ),
    path(f"{B}<int:incident_id>/rapid-review/ask/", views.request_add, name="request_add"),
    path(f"{B}requests/<int:request_id>/received/", views.request_received, name="received"),
    path(f"{B}contributions/", views.contributions, name="contributions"),
    path(f"{B}contributions/<int:request_id>/", views.contribute, name="contribute"),
    path(f"{B}local-reviews/add/", views.local_review_form, name="local_review_add"),
    path(f"{B}local-reviews/<int:local_review_id>/", views.local_review, name="local_review"),
    path(
        f"{B}local-reviews/<int:local_review_id>/edit/",
        views.local_review_form,
        name="local_review_edit",
    ),
]
