from django.urls import path

from . import views

app_name = "training"

b = "b/<slug:board_slug>/training"

urlpatterns = [
    path(f"{b}/", views.home, name="home"),
    path(f"{b}/programmes/add/", views.programme_form, name="programme_add"),
    path(f"{b}/programmes/<int:programme_id>/", views.programme, name="programme"),
    path(f"{b}/programmes/<int:programme_id>/edit/", views.programme_form, name="programme_edit"),
    path(f"{b}/programmes/<int:programme_id>/impact/", views.impact, name="impact"),
    path(
        f"{b}/programmes/<int:programme_id>/impact.<str:export_format>",
        views.impact_export,
        name="impact_export",
    ),
    path(f"{b}/programmes/<int:programme_id>/courses/add/", views.course_form, name="course_add"),
    path(f"{b}/courses/<int:course_id>/", views.course, name="course"),
    path(f"{b}/courses/<int:course_id>/edit/", views.course_form, name="course_edit"),
    path(f"{b}/courses/<int:course_id>/findings/add/", views.course_finding, name="course_finding"),
    path(f"{b}/courses/<int:course_id>/sessions/add/", views.session_form, name="session_add"),
    path(f"{b}/courses/<int:course_id>/sessions/<int:session_id>/", views.session, name="session"),
    path(
        f"{b}/courses/<int:course_id>/sessions/<int:session_id>/edit/",
        views.session_form,
        name="session_edit",
    ),
    path(
        f"{b}/courses/<int:course_id>/sessions/<int:session_id>/book/",
        views.booking_add,
        name="booking_add",
    ),
    path(
        f"{b}/courses/<int:course_id>/sessions/<int:session_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path(
        f"{b}/courses/<int:course_id>/sessions/<int:session_id>/evaluations/",
        views.send_evaluations,
        name="send_evaluations",
    ),
    path("evaluation/<str:token>/", views.evaluate, name="evaluate"),
]
