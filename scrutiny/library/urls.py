from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.template_list, name="template_list"),
    path("library/<int:pk>/", views.template_detail, name="template_detail"),
    path("library/<int:pk>/yaml/", views.template_yaml, name="template_yaml"),
    path("b/<slug:board_slug>/templates/", views.board_templates, name="board_templates"),
    path("b/<slug:board_slug>/templates/adapt/", views.adapt_template, name="adapt_template"),
]
