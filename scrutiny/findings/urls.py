from django.urls import path

from . import raise_views

app_name = "findings"

urlpatterns = [
    path(
        "b/<slug:board_slug>/findings/<int:finding_id>/raise-action/",
        raise_views.raise_action,
        name="raise_action",
    ),
]
