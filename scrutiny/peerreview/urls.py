from django.urls import path

from . import views

app_name = "peerreview"

b = "b/<slug:board_slug>/peer-reviews"
p = "peer-reviews"

urlpatterns = [
    # The host board's pages
    path(f"{b}/", views.host_list, name="host_list"),
    path(f"{b}/add/", views.host_add, name="host_add"),
    path(f"{b}/<int:review_id>/", views.host_detail, name="host_detail"),
    path(
        f"{b}/<int:review_id>/recommendations/<int:recommendation_id>/action/",
        views.host_action,
        name="host_action",
    ),
    path(f"{b}/<int:review_id>/letter.<str:export_format>", views.host_letter, name="host_letter"),
    # The peer team's pages: reached through the review alone, never through the host board
    path(f"{p}/", views.peer_list, name="peer_list"),
    path(f"{p}/<int:review_id>/", views.peer_detail, name="peer_detail"),
    path(f"{p}/<int:review_id>/evidence/<int:link_id>/", views.peer_evidence, name="peer_evidence"),
    path(f"{p}/<int:review_id>/findings/", views.peer_finding, name="peer_finding"),
    path(
        f"{p}/<int:review_id>/recommendations/",
        views.peer_recommendation,
        name="peer_recommendation",
    ),
    path(f"{p}/<int:review_id>/summary/", views.peer_summary, name="peer_summary"),
    path(f"{p}/<int:review_id>/letter.<str:export_format>", views.peer_letter, name="peer_letter"),
]
