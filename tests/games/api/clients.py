"""API clients that call as a game's facilitator (their API token) or as a player (join token)."""

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def facilitator_client(facilitator: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=facilitator)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def player_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Player {token}")
    return client
