"""The comparison of a game's rounds: did Groundhog Day work? One read for the whole page."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from games.api.access import game_caller
from games.api.commands import GameEndpoint
from games.api.serializers import RoundOutcomeSerializer
from games.selectors import outcome_is_public
from games.services.coaching import agreed_changes
from games.services.outcomes import round_outcome_for


class AgreedChangeSerializer(serializers.Serializer[dict[str, Any]]):
    change = serializers.IntegerField(help_text="The seq of its change.agreed event.")
    round = serializers.IntegerField(help_text="The round it was agreed in.")
    text = serializers.CharField()
    forced = serializers.BooleanField(help_text="Settled by the facilitator, with a reason.")
    kept = serializers.ListField(
        child=serializers.DictField(), help_text="The coach's marks: [{round, kept}]."
    )


class ComparisonSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    scenario_title = serializers.CharField()
    phase = serializers.CharField()
    total_rounds = serializers.IntegerField()
    calm_threshold = serializers.IntegerField()
    rounds = RoundOutcomeSerializer(
        many=True, help_text="Every round the caller may see, in order."
    )
    agreed_changes = AgreedChangeSerializer(many=True)


class ComparisonView(GameEndpoint):
    """Every round's outcome side by side, with the changes agreed and whether they were kept.
    Players see the rounds whose outcome is public (from each round's debrief on)."""

    @extend_schema(responses=ComparisonSerializer, summary="The rounds of a game, side by side")
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        game = caller.game
        played = range(1, game.round_number + 1)
        rounds = [
            round_outcome_for(game, number).as_json()
            for number in played
            if caller.is_facilitator or outcome_is_public(game, number)
        ]
        document = game.scenario_version.document
        return Response(
            ComparisonSerializer(
                {
                    "code": game.code,
                    "name": game.name,
                    "scenario_title": game.scenario_version.title,
                    "phase": game.phase,
                    "total_rounds": game.total_rounds,
                    "calm_threshold": document["outcome"]["calm_threshold"],
                    "rounds": rounds,
                    "agreed_changes": agreed_changes(game),
                }
            ).data
        )
