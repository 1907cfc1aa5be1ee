"""The game API's URLs: every resource of a game lives under /api/v1/games/<code>/. The writes
that are socket commands get their paths from the command table (games/commands.py)."""

from django.urls import URLPattern, path

from games.api import comparison, exports, replay, sharing, views
from games.api.commands import command_views

GAME = "games/<str:code>"

# Reads that share their path with a command: the command's view is built on them.
READS_BESIDE_COMMANDS = {
    "settings/": views.GameSettingsView,
    "tags/": views.TagListView,
    "feedback/": views.FeedbackView,
    "proposals/": views.ProposalListView,
}


def _command_urls() -> list[URLPattern]:
    return [
        path(f"{GAME}/{route}", view.as_view(), name=name)
        for route, name, view in command_views(READS_BESIDE_COMMANDS)
    ]


urlpatterns = [
    path("games/", views.GameListView.as_view(), name="game-list"),
    # Before games/<code>/: "import" is never a join code (no I or O in the alphabet).
    path("games/import/", exports.GameImportView.as_view(), name="game-import"),
    path(f"{GAME}/", views.GameDetailView.as_view(), name="game-detail"),
    # Exports (the facilitator)
    path(f"{GAME}/export/", exports.GameExportView.as_view(), name="game-export"),
    path(
        f"{GAME}/export/transcript.csv",
        exports.TranscriptExportView.as_view(),
        name="game-export-transcript",
    ),
    path(
        f"{GAME}/export/rounds.csv",
        exports.RoundsExportView.as_view(),
        name="game-export-rounds",
    ),
    # Members of the organisation the game is shared with
    path(f"{GAME}/shares/", sharing.ShareListView.as_view(), name="game-shares"),
    path(f"{GAME}/shares/<int:user>/", sharing.ShareDetailView.as_view(), name="game-share-detail"),
    # Participants
    path(f"{GAME}/join/", views.JoinView.as_view(), name="game-join"),
    path(f"{GAME}/participants/", views.ParticipantListView.as_view(), name="participant-list"),
    # Rounds
    path(f"{GAME}/comparison/", comparison.ComparisonView.as_view(), name="game-comparison"),
    path(f"{GAME}/report.pdf", comparison.ReportPdfView.as_view(), name="game-report-pdf"),
    path(f"{GAME}/rounds/", views.RoundListView.as_view(), name="round-list"),
    path(f"{GAME}/rounds/<int:number>/", views.RoundDetailView.as_view(), name="round-detail"),
    path(
        f"{GAME}/rounds/<int:number>/outcome/",
        views.RoundOutcomeView.as_view(),
        name="round-outcome",
    ),
    path(f"{GAME}/rounds/<int:number>/replay/", replay.ReplayView.as_view(), name="round-replay"),
    # The log
    path(f"{GAME}/events/", views.EventListView.as_view(), name="game-events"),
    # Ratings and agreed changes (their writes are commands)
    path(f"{GAME}/ratings/", views.RatingsView.as_view(), name="game-ratings"),
    path(f"{GAME}/changes/", views.AgreedChangeListView.as_view(), name="change-list"),
    # Every command
    *_command_urls(),
]
