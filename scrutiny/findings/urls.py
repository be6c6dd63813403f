from django.urls import path

from . import views

app_name = "findings"

B = "b/<slug:board_slug>/themes/"

urlpatterns = [
    path(B, views.themes, name="themes"),
    path(f"{B}<int:theme_id>/", views.theme_edit, name="theme_edit"),
]
