from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("boards/switch/", views.switch_board, name="switch_board"),
    path("b/<slug:board_slug>/", views.board_home, name="board_home"),
]
