from django.urls import path

from . import disproportionality_views, national_views, partnership_views, views

app_name = "dataset"

b = "b/<slug:board_slug>/data"

urlpatterns = [
    path(f"{b}/", views.data_set, name="data_set"),
    path(f"{b}/enter/", views.enter, name="enter"),
    path(f"{b}/import/", views.import_file, name="import"),
    path(f"{b}/import/<int:pending_id>/", views.import_preview, name="import_preview"),
    path(f"{b}/import/template.xlsx", views.import_template, name="import_template"),
    path(f"{b}/targets/", views.targets, name="targets"),
    path(f"{b}/targets/year/", views.year_targets, name="year_targets"),
    path(f"{b}/completeness/", views.completeness, name="completeness"),
    path(f"{b}/statutory-returns/", views.statutory, name="statutory"),
    path(f"{b}/scorecards/<int:priority_id>/", views.scorecard, name="scorecard"),
    path(f"{b}/indicators/<slug:code>/", views.indicator, name="indicator"),
    path(
        f"{b}/indicators/<slug:code>/findings/add/",
        views.indicator_finding,
        name="indicator_finding",
    ),
    path(
        f"{b}/indicators/<slug:code>/disproportionality/",
        disproportionality_views.indicator_disproportionality,
        name="disproportionality",
    ),
    path(f"{b}/population/", disproportionality_views.population, name="population"),
    path(
        f"{b}/population/<str:year>/<slug:dimension>/",
        disproportionality_views.population_edit,
        name="population_edit",
    ),
    path(
        f"{b}/local-authorities/",
        partnership_views.local_authorities,
        name="local_authorities",
    ),
    path(
        f"{b}/local-authorities/<int:la_id>/",
        partnership_views.local_authority_edit,
        name="local_authority_edit",
    ),
    path(f"{b}/neighbours/", national_views.neighbours, name="neighbours"),
    path(
        "r/<slug:region_slug>/national-figures/",
        national_views.region_national_figures,
        name="region_national_figures",
    ),
]
