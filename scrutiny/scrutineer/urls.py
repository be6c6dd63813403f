from django.urls import path

from . import views

app_name = "scrutineer"

b = "b/<slug:board_slug>/independent-scrutiny"
s = f"{b}/scrutineer"

urlpatterns = [
    # The partnership's pages
    path(f"{b}/", views.plan_list, name="plan_list"),
    path(f"{b}/add/", views.plan_add, name="plan_add"),
    path(f"{b}/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(f"{b}/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path(f"{b}/<int:plan_id>/activities/add/", views.activity_add, name="activity_add"),
    path(
        f"{b}/<int:plan_id>/activities/<int:planned_id>/",
        views.activity_edit,
        name="activity_edit",
    ),
    # The independent scrutineer's pages
    path(f"{s}/", views.my_plans, name="my_plans"),
    path(f"{s}/<int:plan_id>/", views.review, name="review"),
    path(f"{s}/<int:plan_id>/shared/<int:shared_id>/", views.shared, name="shared"),
    path(f"{s}/<int:plan_id>/findings/", views.finding, name="finding"),
    path(f"{s}/<int:plan_id>/challenges/", views.challenge, name="challenge"),
    path(f"{s}/<int:plan_id>/statement/", views.statement, name="statement"),
]
