from django.urls import path

from games.api import views

urlpatterns = [
    path("games/", views.GameListView.as_view(), name="game-list"),
    path("games/<str:code>/", views.GameDetailView.as_view(), name="game-detail"),
    path("games/<str:code>/join/", views.JoinView.as_view(), name="game-join"),
    path("games/<str:code>/events/", views.EventListView.as_view(), name="game-events"),
    path("games/<str:code>/messages/", views.MessageCreateView.as_view(), name="game-messages"),
    path(
        "games/<str:code>/rounds/<int:number>/outcome/",
        views.RoundOutcomeView.as_view(),
        name="round-outcome",
    ),
]
