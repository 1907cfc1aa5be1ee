from django.urls import path

from scenarios.api import studio, views

DRAFT = "studio/drafts/<int:draft>"

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
    path("scenarios/<slug:slug>/diff/", studio.ScenarioDiffView.as_view(), name="scenario-diff"),
    # The studio: each facilitator's own drafts
    path("studio/format/", studio.StudioFormatView.as_view(), name="studio-format"),
    path("studio/drafts/", studio.DraftListView.as_view(), name="draft-list"),
    path("studio/drafts/import/", studio.DraftImportView.as_view(), name="draft-import"),
    path(f"{DRAFT}/", studio.DraftDetailView.as_view(), name="draft-detail"),
    path(f"{DRAFT}/yaml/", studio.DraftYamlView.as_view(), name="draft-yaml"),
    path(f"{DRAFT}/preview/", studio.DraftPreviewView.as_view(), name="draft-preview"),
    path(f"{DRAFT}/detect/", studio.DraftDetectView.as_view(), name="draft-detect"),
    path(f"{DRAFT}/try/", studio.DraftTryView.as_view(), name="draft-try"),
    path(f"{DRAFT}/publish/", studio.DraftPublishView.as_view(), name="draft-publish"),
    path(f"{DRAFT}/diff/", studio.DraftDiffView.as_view(), name="draft-diff"),
]
