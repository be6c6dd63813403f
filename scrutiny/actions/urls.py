from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("b/<slug:board_slug>/actions/", views.tracker, name="tracker"),
    path("b/<slug:board_slug>/actions/new/", views.create, name="create"),
    path("b/<slug:board_slug>/actions/<int:action_id>/", views.detail, name="detail"),
]
