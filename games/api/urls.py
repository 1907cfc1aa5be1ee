"""The game API's URLs: every resource of a game lives under /api/v1/games/<code>/."""

from django.urls import path

from games.api import commands, comparison, exports, replay, views

GAME = "games/<str:code>"

urlpatterns = [
    path("games/", views.GameListView.as_view(), name="game-list"),
    # Before games/<code>/: "import" is never a join code (no I or O in the alphabet).
    path("games/import/", exports.GameImportView.as_view(), name="game-import"),
    path(f"{GAME}/", views.GameDetailView.as_view(), name="game-detail"),
    path(f"{GAME}/settings/", views.GameSettingsView.as_view(), name="game-settings"),
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
    # Running the game
    path(f"{GAME}/advance/", commands.AdvanceView.as_view(), name="game-advance"),
    path(f"{GAME}/clock/pause/", commands.ClockPauseView.as_view(), name="clock-pause"),
    path(f"{GAME}/clock/resume/", commands.ClockResumeView.as_view(), name="clock-resume"),
    path(f"{GAME}/clock/extend/", commands.ClockExtendView.as_view(), name="clock-extend"),
    path(f"{GAME}/clock/freeze/", commands.ClockFreezeView.as_view(), name="clock-freeze"),
    path(f"{GAME}/clock/unfreeze/", commands.ClockUnfreezeView.as_view(), name="clock-unfreeze"),
    path(f"{GAME}/injects/", commands.InjectView.as_view(), name="game-injects"),
    path(f"{GAME}/replays/", commands.ReplaysView.as_view(), name="game-replays"),
    path(f"{GAME}/customer-seat/", commands.CustomerSeatView.as_view(), name="customer-seat"),
    path(
        f"{GAME}/scripted-customer/",
        commands.ScriptedCustomerView.as_view(),
        name="scripted-customer",
    ),
    # Participants
    path(f"{GAME}/join/", views.JoinView.as_view(), name="game-join"),
    path(f"{GAME}/participants/", views.ParticipantListView.as_view(), name="participant-list"),
    path(
        f"{GAME}/participants/<int:participant>/",
        commands.ParticipantRemoveView.as_view(),
        name="participant-detail",
    ),
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
    path(f"{GAME}/rounds/<int:number>/swap/", commands.SwapSeatsView.as_view(), name="round-swap"),
    path(f"{GAME}/rounds/<int:number>/replay/", replay.ReplayView.as_view(), name="round-replay"),
    path(
        f"{GAME}/annotations/",
        commands.ReplayAnnotationView.as_view(),
        name="replay-annotations",
    ),
    # The log and the conversation
    path(f"{GAME}/events/", views.EventListView.as_view(), name="game-events"),
    path(f"{GAME}/messages/", commands.MessageView.as_view(), name="game-messages"),
    path(f"{GAME}/mood/", commands.MoodView.as_view(), name="game-mood"),
    path(f"{GAME}/notes/", commands.NoteView.as_view(), name="game-notes"),
    path(f"{GAME}/escalations/", commands.EscalationView.as_view(), name="game-escalations"),
    path(f"{GAME}/concessions/", commands.ConcessionView.as_view(), name="game-concessions"),
    # Coaching, debrief and agreement
    path(f"{GAME}/tags/", views.TagListView.as_view(), name="tag-list"),
    path(f"{GAME}/tags/<int:tag>/", commands.TagDetailView.as_view(), name="tag-detail"),
    path(
        f"{GAME}/suggestions/dismiss/",
        commands.SuggestionDismissView.as_view(),
        name="suggestion-dismiss",
    ),
    path(f"{GAME}/feedback/", views.FeedbackView.as_view(), name="game-feedback"),
    path(f"{GAME}/ratings/", views.RatingsView.as_view(), name="game-ratings"),
    path(
        f"{GAME}/ratings/customer/",
        commands.CustomerRatingView.as_view(),
        name="customer-rating",
    ),
    path(f"{GAME}/ratings/rubric/", commands.RubricRatingView.as_view(), name="rubric-rating"),
    path(f"{GAME}/reflections/", commands.ReflectionView.as_view(), name="game-reflections"),
    path(f"{GAME}/proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path(
        f"{GAME}/proposals/<int:proposal>/votes/",
        commands.VoteView.as_view(),
        name="proposal-votes",
    ),
    path(
        f"{GAME}/proposals/<int:proposal>/force/",
        commands.ForceChangeView.as_view(),
        name="proposal-force",
    ),
    path(f"{GAME}/changes/", views.AgreedChangeListView.as_view(), name="change-list"),
    path(
        f"{GAME}/changes/<int:change>/kept/",
        commands.MarkKeptView.as_view(),
        name="change-kept",
    ),
]
