"""Game endpoints: a facilitator creates and lists games; a player joins with the code."""

from typing import cast

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsFacilitator
from games.api.serializers import (
    GameCreateSerializer,
    GameSerializer,
    JoinResultSerializer,
    JoinSerializer,
)
from games.models import Game
from games.services.participants import GameSettings, game_create, participant_join
from scenarios import selectors as scenario_selectors
from scenarios.models import ScenarioVersion


def _facilitator(request: Request) -> User:
    """The signed-in user; IsFacilitator has already refused anyone else."""
    return cast(User, request.user)


class GameListView(APIView):
    permission_classes = [IsFacilitator]

    @extend_schema(responses=GameSerializer(many=True))
    def get(self, request: Request) -> Response:
        games = Game.objects.filter(facilitator=_facilitator(request)).select_related(
            "scenario_version__scenario"
        )
        return Response(GameSerializer(games, many=True, context={"request": request}).data)

    @extend_schema(request=GameCreateSerializer, responses={201: GameSerializer})
    def post(self, request: Request) -> Response:
        serializer = GameCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "scenario_version" in data:
            version = ScenarioVersion.objects.filter(
                scenario__slug=data["scenario"], number=data["scenario_version"]
            ).first()
        else:
            version = scenario_selectors.current_version(data["scenario"])
        if version is None:
            raise NotFound(f"No scenario '{data['scenario']}' with that version.")
        game = game_create(
            facilitator=_facilitator(request),
            scenario_version=version,
            settings=GameSettings(
                total_rounds=data["rounds"],
                live_minutes=data.get("live_minutes"),
                debrief_minutes=data["debrief_minutes"],
                functions=tuple(data["functions"]),
                conversation_mode=data["conversation_mode"],
                coach_mode=data["coach_mode"],
                name=data["name"],
                max_players=data["max_players"],
            ),
        )
        return Response(
            GameSerializer(game, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class GameDetailView(APIView):
    permission_classes = [IsFacilitator]

    @extend_schema(responses=GameSerializer)
    def get(self, request: Request, code: str) -> Response:
        game = Game.objects.filter(code=code.upper(), facilitator=_facilitator(request)).first()
        if game is None:
            raise NotFound(f"You have no game with the code {code}.")
        return Response(GameSerializer(game, context={"request": request}).data)


class JoinView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=JoinSerializer,
        responses={201: JoinResultSerializer},
        description="Join a game with its code and a display name; no account needed.",
    )
    def post(self, request: Request, code: str) -> Response:
        serializer = JoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant, token = participant_join(
            code=code,
            display_name=serializer.validated_data["name"],
            observer=serializer.validated_data["observer"],
        )
        result = {"token": token, "participant": participant, "game": participant.game}
        return Response(
            JoinResultSerializer(result, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
