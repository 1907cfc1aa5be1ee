"""Players authenticate to the API with their join token: `Authorization: Player <token>`."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from games.engine.errors import GameError
from games.models import Participant
from games.services.participants import participant_from_token

KEYWORD = b"player"


class PlayerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AnonymousUser, Participant] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send `Authorization: Player <token>`.")
        try:
            participant = participant_from_token(parts[1].decode("ascii", errors="replace"))
        except GameError as error:
            raise AuthenticationFailed(error.message) from None
        return AnonymousUser(), participant

    def authenticate_header(self, request: Request) -> str:
        return "Player"


class PlayerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the player token in the OpenAPI schema."""

    target_class = PlayerTokenAuthentication
    name = "playerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Player <token>`, the token returned when joining a game.",
        }
