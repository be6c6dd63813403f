from django.urls import path

from . import views

app_name = "findings"

b = "b/<slug:board_slug>/findings"

urlpatterns = [
    path(f"{b}/<int:finding_id>/raise-action/", views.raise_action, name="raise_action"),
]
