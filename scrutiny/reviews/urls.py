from django.urls import path

from . import views

app_name = "reviews"

B = "b/<slug:board_slug>/reviews/"

urlpatterns = [
    path(B, views.register, name="register"),
    path(f"{B}add/", views.review_form, name="add"),
    path(f"{B}<int:review_id>/", views.detail, name="detail"),
    path(f"{B}<int:review_id>/edit/", views.review_form, name="edit"),
    path(
        f"{B}<int:review_id>/recommendations/add/",
        views.recommendation_form,
        name="recommendation_add",
    ),
    path(
        f"{B}<int:review_id>/recommendations/<int:recommendation_id>/edit/",
        views.recommendation_form,
        name="recommendation_edit",
    ),
    path(f"{B}<int:review_id>/lessons/add/", views.lesson_finding, name="lesson_finding"),
    path(f"{B}<int:review_id>/dissemination/add/", views.dissemination_add, name="disseminate"),
    path(
        f"{B}recommendations/<int:recommendation_id>/",
        views.recommendation,
        name="recommendation",
    ),
    path(f"{B}themes/", views.themes, name="themes"),
    path(f"{B}recurring/", views.recurring, name="recurring"),
    path(f"{B}monitoring/", views.monitoring, name="monitoring"),
    path(f"{B}monitoring/<int:cycle_id>/", views.monitoring_pack, name="pack"),
    path(f"{B}archive/", views.archive, name="archive"),
    path(f"{B}child-deaths/", views.child_deaths, name="child_deaths"),
    path(f"{B}child-deaths/add/", views.child_death_add, name="child_death_add"),
]
