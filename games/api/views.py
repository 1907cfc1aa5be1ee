"""Game endpoints: a facilitator creates and lists games; a player joins with the code."""

from typing import cast

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsFacilitator
from games.api.authentication import PlayerTokenAuthentication
from games.api.serializers import (
    MAX_EVENT_PAGE,
    AckSerializer,
    EventPageSerializer,
    EventQuerySerializer,
    GameCreateSerializer,
    GameSerializer,
    JoinResultSerializer,
    JoinSerializer,
    MessageCreateSerializer,
    RoundOutcomeSerializer,
)
from games.engine.errors import ErrorCode, GameError
from games.models import Game, Participant
from games.realtime import protocol
from games.realtime.commands import command_run
from games.selectors import Viewer, events_since, outcome_is_public
from games.services.outcomes import round_outcome_for
from games.services.participants import (
    GameSettings,
    game_create,
    normalise_join_code,
    participant_join,
)
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


def _game_or_404(code: str) -> Game:
    game = (
        Game.objects.select_related("scenario_version")
        .filter(code=normalise_join_code(code))
        .first()
    )
    if game is None:
        raise NotFound(f"No game has the code {code}.")
    return game


def _caller(request: Request, game: Game) -> tuple[Participant | None, User | None]:
    """The participant (by token) or the facilitator (by session or API token) of this game."""
    if isinstance(request.auth, Participant):
        if request.auth.game_id != game.pk:
            raise GameError(ErrorCode.NOT_ALLOWED, "Your token is for another game.")
        return request.auth, None
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.pk == game.facilitator_id:
        return None, user
    if isinstance(user, User) and user.is_authenticated:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only this game's facilitator may do this.")
    raise GameError(
        ErrorCode.NOT_AUTHENTICATED,
        "Join the game first (Authorization: Player <token>) or sign in.",
    )


PLAYER_OR_FACILITATOR = [PlayerTokenAuthentication, SessionAuthentication]


class EventListView(APIView):
    """The game's event log, as much of it as the caller may see, in `seq` order."""

    authentication_classes = PLAYER_OR_FACILITATOR
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="Only events after this seq."),
            OpenApiParameter("round", int),
            OpenApiParameter("type", str, description="e.g. message.posted"),
            OpenApiParameter("limit", int, description=f"At most {MAX_EVENT_PAGE} (the default)."),
        ],
        responses=EventPageSerializer,
    )
    def get(self, request: Request, code: str) -> Response:
        game = _game_or_404(code)
        participant, _ = _caller(request, game)
        query = EventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        events = events_since(game, Viewer(participant=participant), params["after"])
        if params.get("round") is not None:
            events = [event for event in events if event["round"] == params["round"]]
        if params.get("type"):
            events = [event for event in events if event["type"] == params["type"]]
        page = events[: params["limit"]]
        return Response(
            {
                "events": page,
                "more": len(events) > len(page),
                "next_after": page[-1]["seq"] if page else params["after"],
            }
        )


class MessageCreateView(APIView):
    """Post to the room or the huddle, as the socket's post_message does (for bots, scripts)."""

    authentication_classes = PLAYER_OR_FACILITATOR
    permission_classes = [AllowAny]

    @extend_schema(request=MessageCreateSerializer, responses={201: AckSerializer})
    def post(self, request: Request, code: str) -> Response:
        game = _game_or_404(code)
        participant, user = _caller(request, game)
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        command = protocol.PostMessage(
            type="post_message",
            client_msg_id=data["client_msg_id"],
            channel=data["channel"],
            text=data["text"],
        )
        event = command_run(game_id=game.pk, message=command, participant=participant, user=user)
        return Response(
            {"client_msg_id": command.client_msg_id, "seq": event.seq},
            status=status.HTTP_201_CREATED,
        )


class RoundOutcomeView(APIView):
    """A round's outcome from its log. Players see it from the round's debrief on, when the
    customer's ratings are revealed; the facilitator at any time."""

    authentication_classes = PLAYER_OR_FACILITATOR
    permission_classes = [AllowAny]

    @extend_schema(responses=RoundOutcomeSerializer)
    def get(self, request: Request, code: str, number: int) -> Response:
        game = _game_or_404(code)
        participant, _ = _caller(request, game)
        if not 1 <= number <= game.total_rounds:
            raise NotFound(f"This game has rounds 1 to {game.total_rounds}.")
        if participant is not None and not outcome_is_public(game, number):
            raise GameError(
                ErrorCode.WRONG_PHASE, "A round's outcome is shown from its debrief on."
            )
        return Response(round_outcome_for(game, number).as_json())
