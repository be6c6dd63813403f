from django.urls import path

from . import views

app_name = "governance"

b = "b/<slug:board_slug>/meetings"

urlpatterns = [
    path(f"{b}/", views.meetings, name="meetings"),
    path(f"{b}/add/", views.meeting_add, name="meeting_add"),
    path(f"{b}/compliance/", views.compliance, name="compliance"),
    path(f"{b}/groups/add/", views.group_form, name="group_add"),
    path(f"{b}/groups/<int:group_id>/", views.group, name="group"),
    path(f"{b}/groups/<int:group_id>/edit/", views.group_form, name="group_edit"),
    path(f"{b}/groups/<int:group_id>/members/add/", views.member_form, name="member_add"),
    path(
        f"{b}/groups/<int:group_id>/members/<int:member_id>/", views.member_form, name="member_edit"
    ),
    path(f"{b}/<int:meeting_id>/", views.meeting, name="meeting"),
    path(f"{b}/<int:meeting_id>/papers/<int:item_id>/", views.paper, name="paper"),
]
