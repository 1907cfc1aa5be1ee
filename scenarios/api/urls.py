from django.urls import path

from scenarios.api import views

urlpatterns = [
    path("scenarios/", views.ScenarioListView.as_view(), name="scenario-list"),
    path("scenarios/validate/", views.ScenarioValidateView.as_view(), name="scenario-validate"),
    path("scenarios/<slug:slug>/", views.ScenarioDetailView.as_view(), name="scenario-detail"),
    path(
        "scenarios/<slug:slug>/versions/",
        views.ScenarioVersionsView.as_view(),
        name="scenario-versions",
    ),
    path("scenarios/<slug:slug>/yaml/", views.ScenarioYamlView.as_view(), name="scenario-yaml"),
]
