"""WebSocket routes: one endpoint per game."""

from django.urls import path

from games.realtime.consumers import GameConsumer

websocket_urlpatterns = [
    path("ws/games/<str:code>/", GameConsumer.as_asgi()),
]
