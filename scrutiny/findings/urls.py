from django.urls import path

from . import raise_views, views

app_name = "findings"

B = "b/<slug:board_slug>/themes/"

urlpatterns = [
    path(B, views.themes, name="themes"),
    path(f"{B}<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path("b/<slug:board_slug>/findings/", views.finding_list, name="list"),
    path(
        "b/<slug:board_slug>/findings/<int:finding_id>/raise-action/",
        raise_views.raise_action,
        name="raise_action",
    ),
]
