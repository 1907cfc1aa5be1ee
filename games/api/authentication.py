"""Players authenticate to the API with their join token: `Authorization: Player <token>`."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from games.engine.errors import GameError
from games.models import Participant
from games.services.participants import participant_from_token
from organisations.authentication import ApiTokenAuthentication

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
            # The game's own code (not_authenticated, participant_removed), as on the socket.
            raise AuthenticationFailed(error.message, code=error.code.value) from None
        return AnonymousUser(), participant

    def authenticate_header(self, request: Request) -> str:
        return "Player"


# Every game endpoint: a player by their token; the facilitator by API token or session. The
# first names the challenge a 401 carries (`WWW-Authenticate: Player`).
GAME_AUTHENTICATION = [PlayerTokenAuthentication, ApiTokenAuthentication, SessionAuthentication]


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
