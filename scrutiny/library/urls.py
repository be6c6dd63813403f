from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.template_list, name="template_list"),
    path("library/<slug:code>/v<int:version>/", views.template_detail, name="template_detail"),
]
