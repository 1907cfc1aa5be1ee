"""The replay of a round: its events exactly as one seat (customer, team or coach) saw them live."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from games.api.access import game_caller
from games.api.commands import GameEndpoint
from games.api.serializers import EventSerializer
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game
from games.selectors import function_titles, replay_events, round_is_finished

PERSPECTIVES = {"customer": Role.CUSTOMER, "team": Role.RESPONDER, "coach": Role.COACH}


class ReplayQuerySerializer(serializers.Serializer[dict[str, Any]]):
    perspective = serializers.ChoiceField(
        list(PERSPECTIVES),
        help_text="Whose view: the customer's, the team's (a responder's) or the coach's.",
    )


class ReplaySerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField()
    perspective = serializers.ChoiceField(list(PERSPECTIVES))
    calm_threshold = serializers.IntegerField(help_text="The scenario's calm mood, for the chart.")
    currency = serializers.CharField(help_text="The scenario's currency (ISO 4217), for costs.")
    function_titles = serializers.DictField(
        child=serializers.CharField(), help_text="Each function in play by its display name."
    )
    events = EventSerializer(
        many=True,
        help_text="The round's events that seat read live, in seq order, as the socket sent "
        "them; the coach's view ends with the review annotations (`review.annotated`).",
    )


def may_replay(game: Game, round_number: int, *, facilitator: bool) -> bool:
    """Players replay a finished round; the facilitator any round that has started."""
    if facilitator:
        return game.phase != Phase.LOBBY and round_number <= game.round_number
    return round_is_finished(game, round_number)


class ReplayView(GameEndpoint):
    """A round replayed from the log for one perspective: what the customer, the team or the
    coach saw at the time (the audience each event was written with decides). Players may replay
    any perspective of a finished round (from its end everything is revealed anyway); the
    facilitator any round that has started."""

    query_serializer = ReplayQuerySerializer
    may_conflict = True

    @extend_schema(
        parameters=[ReplayQuerySerializer],
        responses=ReplaySerializer,
        summary="A round replayed as one seat saw it",
    )
    def get(self, request: Request, code: str, number: int) -> Response:
        caller = game_caller(request, code)
        query = ReplayQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        game = caller.game
        if not 1 <= number <= game.total_rounds:
            raise NotFound(f"This game has rounds 1 to {game.total_rounds}.")
        if not may_replay(game, number, facilitator=caller.is_facilitator):
            raise GameError(
                ErrorCode.WRONG_PHASE, f"Round {number} is not over yet; replay it once it ends."
            )
        perspective = query.validated_data["perspective"]
        return Response(
            {
                "round": number,
                "perspective": perspective,
                "calm_threshold": game.scenario_version.document["outcome"]["calm_threshold"],
                "currency": game.scenario_version.document.get("currency", "EUR"),
                "function_titles": function_titles(game),
                "events": replay_events(game, number, PERSPECTIVES[perspective]),
            }
        )
