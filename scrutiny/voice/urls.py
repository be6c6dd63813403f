from django.urls import path

from . import views

app_name = "voice"

b = "b/<slug:board_slug>/voice"

urlpatterns = [
    path(f"{b}/", views.register, name="register"),
    path(f"{b}/register.<str:export_format>", views.register_export, name="register_export"),
    path(f"{b}/activities/add/", views.activity_form, name="activity_add"),
    path(f"{b}/activities/<int:activity_id>/", views.activity, name="activity"),
    path(f"{b}/activities/<int:activity_id>/edit/", views.activity_form, name="activity_edit"),
    path(
        f"{b}/activities/<int:activity_id>/findings/add/",
        views.activity_finding,
        name="activity_finding",
    ),
    path(f"{b}/forms/", views.feedback_forms, name="forms"),
    path(f"{b}/forms/add/", views.feedback_form_edit, name="form_add"),
    path(f"{b}/forms/help-line/", views.help_line, name="help_line"),
    path(f"{b}/forms/<int:form_id>/", views.form_results, name="form_results"),
    path(f"{b}/forms/<int:form_id>/edit/", views.feedback_form_edit, name="form_edit"),
    path(
        "have-your-say/<slug:board_slug>/<slug:form_slug>/",
        views.have_your_say,
        name="have_your_say",
    ),
    path(
        "have-your-say/<slug:board_slug>/<slug:form_slug>/thanks/",
        views.have_your_say_thanks,
        name="have_your_say_thanks",
    ),
]
