"""API clients that call as a game's facilitator (their API token) or as a player (join token),
and a game in its live phase with each player's join token."""

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from tests import factories


def facilitator_client(facilitator: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(facilitator)}")
    return client


def player_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Player {token}")
    return client


def live_game(players: int = 4) -> tuple[Game, dict[str, str]]:
    """A game in round 1's live phase and each player's token by name."""
    game = factories.game()
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:players]}
    factories.advance_to(game, Phase.LIVE)
    return game, tokens


def token_of(game: Game, tokens: dict[str, str], role: Role) -> str:
    """The token of round 1's first player in `role`."""
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=role).first()
    assert seat is not None
    return tokens[seat.participant.display_name]
