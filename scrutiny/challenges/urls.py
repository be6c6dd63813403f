from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("b/<slug:board_slug>/challenges/", views.challenge_list, name="list"),
    path("b/<slug:board_slug>/challenges/raise/", views.raise_challenge, name="raise"),
    path("b/<slug:board_slug>/challenges/<int:challenge_id>/", views.detail, name="detail"),
]
