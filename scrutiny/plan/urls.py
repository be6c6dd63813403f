from django.urls import path

from . import views

app_name = "plan"

b = "b/<slug:board_slug>/plan"

urlpatterns = [
    path(f"{b}/", views.plan, name="plan"),
    path(f"{b}/priorities/add/", views.priority_form, name="priority_add"),
    path(f"{b}/priorities/<int:priority_id>/", views.priority, name="priority"),
    path(f"{b}/priorities/<int:priority_id>/edit/", views.priority_form, name="priority_edit"),
    path(
        f"{b}/priorities/<int:priority_id>/objectives/add/",
        views.objective_form,
        name="objective_add",
    ),
    path(
        f"{b}/priorities/<int:priority_id>/objectives/<int:objective_id>/edit/",
        views.objective_form,
        name="objective_edit",
    ),
    path(f"{b}/priorities/<int:priority_id>/measures/add/", views.measure_form, name="measure_add"),
    path(
        f"{b}/priorities/<int:priority_id>/measures/<int:measure_id>/",
        views.measure_form,
        name="measure_edit",
    ),
    path(
        f"{b}/objectives/<int:objective_id>/milestones/add/",
        views.milestone_form,
        name="milestone_add",
    ),
    path(
        f"{b}/objectives/<int:objective_id>/milestones/<int:milestone_id>/",
        views.milestone_form,
        name="milestone_edit",
    ),
    path(f"{b}/objectives/<int:objective_id>/actions/add/", views.action_form, name="action_add"),
    path(
        f"{b}/objectives/<int:objective_id>/measure/",
        views.objective_measure,
        name="objective_measure",
    ),
    path(f"{b}/risks/", views.risks, name="risks"),
    path(f"{b}/risks/add/", views.risk_form, name="risk_add"),
    path(f"{b}/risks/<int:risk_id>/", views.risk_form, name="risk_edit"),
]
