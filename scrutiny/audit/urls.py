from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("b/<slug:board_slug>/audit-log/", views.board_log, name="board_log"),
]
