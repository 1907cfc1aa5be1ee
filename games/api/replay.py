"""The replay of a round: its events exactly as one seat (customer, team or coach) saw them live."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from games.api.access import GameCaller, game_caller
from games.api.commands import GameEndpoint
from games.api.serializers import EventSerializer
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase, round_is_over
from games.engine.roles import Role
from games.models import Game
from games.selectors import function_titles, replay_events, roles_by_round

PERSPECTIVES = {"customer": Role.CUSTOMER, "team": Role.RESPONDER, "coach": Role.COACH}
PERSPECTIVE_CHOICES = list(PERSPECTIVES)


class ReplayQuerySerializer(serializers.Serializer[dict[str, Any]]):
    perspective = serializers.ChoiceField(
        list(PERSPECTIVES),
        required=False,
        help_text="Whose view: the customer's, the team's (a responder's) or the coach's. "
        "A player may only ask for the seat they held in that round (its coach: any); left "
        "out, a player gets their own seat's and the facilitator the coach's.",
    )


class ReplaySerializer(serializers.Serializer[dict[str, Any]]):
    round = serializers.IntegerField()
    perspective = serializers.ChoiceField(list(PERSPECTIVES))
    perspectives = serializers.ListField(
        child=serializers.ChoiceField(list(PERSPECTIVES)),
        help_text="Every perspective the caller may replay this round from.",
    )
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


SEAT_PERSPECTIVE = {Role.CUSTOMER: "customer", Role.RESPONDER: "team", Role.COACH: "coach"}


def replay_perspectives(game: Game, caller: GameCaller, round_number: int) -> list[str]:
    """The perspectives the caller may choose for this round (replay_perspective decides)."""
    if caller.is_facilitator:
        return list(PERSPECTIVES)
    held = roles_by_round(game, caller.viewer).get(round_number, Role.OBSERVER)
    if held is Role.COACH:
        return list(PERSPECTIVES)
    own = SEAT_PERSPECTIVE.get(held)
    return [own] if own else []


def replay_perspective(
    game: Game, caller: GameCaller, round_number: int, wanted: str | None
) -> str:
    """The perspective the caller may replay round `round_number` from, or a refusal.

    The facilitator replays any round that has started, from any seat. A player replays a
    finished round only once the facilitator has opened the replays, and only from the seat
    they held in it (the round's coach from any seat): a replay holds what each seat said in
    private, and a player who was the customer, or who joined later, never read the huddle."""
    if caller.is_facilitator:
        if game.phase == Phase.LOBBY or round_number > game.round_number:
            raise GameError(ErrorCode.WRONG_PHASE, f"Round {round_number} has not started yet.")
        return wanted or "coach"
    if not round_is_over(game.position, round_number):
        raise GameError(
            ErrorCode.WRONG_PHASE, f"Round {round_number} is not over yet; replay it once it ends."
        )
    if not game.replays_open:
        raise GameError(
            ErrorCode.NOT_ALLOWED, "The facilitator has not opened the replays to the players."
        )
    held = roles_by_round(game, caller.viewer).get(round_number, Role.OBSERVER)
    own = SEAT_PERSPECTIVE.get(held)
    if own is None:
        raise GameError(
            ErrorCode.NOT_ALLOWED,
            f"You held no seat in round {round_number}, so it has no replay for you.",
        )
    if wanted is None or wanted == own or held is Role.COACH:
        return wanted or own
    raise GameError(
        ErrorCode.NOT_ALLOWED,
        f"You replay round {round_number} as you played it: the {own} view.",
    )


class ReplayView(GameEndpoint):
    """A round replayed from the log for one perspective: what the customer, the team or the
    coach saw at the time (the audience each event was written with decides). The facilitator
    replays any round that has started, from any seat; a player a finished round from the seat
    they held in it, once the facilitator has opened the replays (replay_perspective)."""

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
        wanted = query.validated_data.get("perspective")
        perspective = replay_perspective(game, caller, number, wanted)
        return Response(
            {
                "round": number,
                "perspective": perspective,
                "perspectives": replay_perspectives(game, caller, number),
                "calm_threshold": game.scenario_version.document["outcome"]["calm_threshold"],
                "currency": game.scenario_version.document.get("currency", "EUR"),
                "function_titles": function_titles(game),
                "events": replay_events(game, number, PERSPECTIVES[perspective]),
            }
        )
