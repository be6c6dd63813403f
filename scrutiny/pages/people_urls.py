from django.contrib.auth import views as auth_views
from django.urls import path

from . import people_views as views

app_name = "people"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="people/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "account/password/set/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("b/<slug:board_slug>/people/", views.board_people, name="board_people"),
    path("b/<slug:board_slug>/people/add/", views.add_person, name="add_person"),
    path(
        "b/<slug:board_slug>/people/roles/<int:assignment_id>/remove/",
        views.remove_role,
        name="remove_role",
    ),
]
