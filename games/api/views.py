"""Game endpoints: a facilitator creates and lists games; a player joins with the code; both read
what they may see. The writes that are socket commands come from the command table
(games/commands.py, served by commands.py); a read view that shares its path with a command
(the tags' list and adding a tag) becomes the base of that path's view."""

import hashlib
import secrets
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from pydantic import ValidationError as PydanticValidationError
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import InvalidFields, IsFacilitator, IsMember, json_body
from games.api import reads
from games.api.access import game_caller, looks_like_a_code
from games.api.authentication import GAME_AUTHENTICATION
from games.api.commands import GameEndpoint
from games.api.serializers import (
    AgreedChangeSerializer,
    EventPageSerializer,
    EventQuerySerializer,
    FeedbackSerializer,
    GameCreateSerializer,
    GameQuerySerializer,
    GameSerializer,
    GameSettingsSerializer,
    JoinBody,
    JoinResultSerializer,
    ParticipantStatusSerializer,
    ProposalSerializer,
    RatingsSerializer,
    RoundOutcomeSerializer,
    RoundQuerySerializer,
    RoundSerializer,
    TagSerializer,
)
from games.commands import field_errors
from games.engine.errors import ErrorCode, GameError
from games.models import Game
from games.selectors import events_since, games_of, outcome_is_public
from games.services.coaching import agreed_changes
from games.services.outcomes import round_outcome_for
from games.services.participants import (
    GameSettings,
    game_create,
    game_delete,
    participant_join,
)
from games.services.presence import connected_participant_ids
from games.throttles import JoinMissThrottle, JoinThrottle, record_join_miss
from organisations.roles import GameAccess, GameAction
from organisations.selectors import organisation_of
from scenarios import selectors as scenario_selectors


def _facilitator(request: Request) -> User:
    """The signed-in user; IsFacilitator has already refused anyone else."""
    return cast(User, request.user)


def _query(request: Request, serializer_class: type[Any]) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


# Games --------------------------------------------------------------------------------------


class GameListView(APIView):
    authentication_classes = GAME_AUTHENTICATION
    query_serializer = GameQuerySerializer

    def get_permissions(self) -> list[BasePermission]:
        # Observers list the games shared with them; creating one takes a facilitator.
        return [IsFacilitator()] if self.request.method == "POST" else [IsMember()]

    @extend_schema(
        parameters=[GameQuerySerializer],
        responses=GameSerializer(many=True),
        summary="List your games and those shared with you, newest first",
        description="Each game says what you are to it (`access`): its `facilitator`, a "
        "`co_facilitator` or an `observer` it is shared with.",
    )
    def get(self, request: Request) -> Response:
        params = _query(request, GameQuerySerializer)
        games = games_of(_facilitator(request)).select_related("scenario_version__scenario")
        if params.get("scenario"):
            games = games.filter(scenario_version__scenario__slug=params["scenario"])
        if params.get("name"):
            games = games.filter(name__icontains=params["name"])
        if params.get("created_after"):
            games = games.filter(created_at__date__gte=params["created_after"])
        if params.get("created_before"):
            games = games.filter(created_at__date__lte=params["created_before"])
        return Response(GameSerializer(games, many=True, context={"request": request}).data)

    @extend_schema(
        request=GameCreateSerializer,
        responses={201: GameSerializer},
        summary="Create a game from a scenario",
    )
    def post(self, request: Request) -> Response:
        serializer = GameCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        library = organisation_of(request.user)
        if "scenario_version" in data:
            version = scenario_selectors.published_version(
                data["scenario"], data["scenario_version"], organisation_id=library
            )
        else:
            version = scenario_selectors.current_version(data["scenario"], organisation_id=library)
        if version is None:
            raise ValidationError(
                {"scenario": f"No scenario '{data['scenario']}' with that version."}
            )
        game = game_create(
            facilitator=_facilitator(request),
            scenario_version=version,
            settings=GameSettings(
                total_rounds=data["rounds"],
                briefing_minutes=data["briefing_minutes"],
                live_minutes=data.get("live_minutes"),
                debrief_minutes=data["debrief_minutes"],
                functions=tuple(data["functions"]),
                conversation_mode=data["conversation_mode"],
                coach_mode=data["coach_mode"],
                name=data["name"],
                max_players=data["max_players"],
            ),
        )
        context = {"request": request, "access": GameAccess.FACILITATOR}
        return Response(GameSerializer(game, context=context).data, status=status.HTTP_201_CREATED)


class GameDetailView(GameEndpoint):
    @extend_schema(responses=GameSerializer, summary="A game: its phase, round and settings")
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        context = {"request": request, "access": caller.access}
        return Response(GameSerializer(caller.game, context=context).data)

    @extend_schema(
        responses={204: None},
        summary="Delete the game and everything derived from it (facilitator)",
        description="Its participants (every player token stops working), seats, the whole "
        "log and open connections; open sockets are closed with 4404 within a few seconds. "
        "Export it first to keep a copy. Cannot be undone.",
    )
    def delete(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        if not caller.is_facilitator:
            raise GameError(ErrorCode.NOT_ALLOWED, "Only the game's facilitator may delete it.")
        caller.require(GameAction.MANAGE)
        game_delete(game=caller.game)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GameSettingsView(GameEndpoint):
    @extend_schema(responses=GameSettingsSerializer, summary="A game's settings")
    def get(self, request: Request, code: str) -> Response:
        return Response(GameSettingsSerializer(game_caller(request, code).game).data)


# Participants -------------------------------------------------------------------------------


class JoinView(APIView):
    """No account needed. Throttled per client address: every attempt, and attempts with a code
    that names no game more tightly, so codes cannot be guessed. The answer sets the browser's
    `bearcave_browser` cookie (a random id, kept a year), which a ban binds to."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [JoinThrottle, JoinMissThrottle]

    @extend_schema(
        request=JoinBody,
        responses={201: JoinResultSerializer},
        summary="Join a game with its code and a display name",
        description="Returns the player token: send it as `Authorization: Player <token>` here "
        "and in the socket's hello. Keep it to come back to the same seat.",
    )
    def post(self, request: Request, code: str) -> Response:
        try:
            body = JoinBody.model_validate_json(json_body(request) or b"{}")
        except PydanticValidationError as error:
            raise InvalidFields(field_errors(error)) from None
        browser = _browser_id(request)
        try:
            if not looks_like_a_code(code):
                raise GameError(ErrorCode.GAME_NOT_FOUND, "That is not a join code.")
            participant, token = participant_join(
                code=code,
                display_name=body.name,
                observer=body.observer,
                browser=hashlib.sha256(browser.encode()).hexdigest(),
            )
        except GameError as error:
            if error.code == ErrorCode.GAME_NOT_FOUND:
                record_join_miss(request, self)
            raise
        result = {"token": token, "participant": participant, "game": participant.game}
        response = Response(
            JoinResultSerializer(result, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
        response.set_cookie(
            BROWSER_COOKIE,
            browser,
            max_age=BROWSER_COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


BROWSER_COOKIE = "bearcave_browser"
BROWSER_COOKIE_SECONDS = 365 * 24 * 3600


def _browser_id(request: Request) -> str:
    """This browser's random id from its cookie, or a new one."""
    sent = request.COOKIES.get(BROWSER_COOKIE, "")
    if 16 <= len(sent) <= 64 and sent.replace("-", "").replace("_", "").isalnum():
        return sent
    return secrets.token_urlsafe(24)


class ParticipantListView(GameEndpoint):
    @extend_schema(
        responses=ParticipantStatusSerializer(many=True),
        summary="Who is in the game, and who is connected now",
    )
    def get(self, request: Request, code: str) -> Response:
        game = game_caller(request, code).game
        connected = connected_participant_ids(game)
        participants = [
            {
                "id": p.pk,
                "name": p.display_name,
                "observer": p.observer,
                "connected": p.pk in connected,
                "joined_at": p.joined_at,
            }
            for p in game.participants.filter(removed_at__isnull=True)
        ]
        return Response(ParticipantStatusSerializer(participants, many=True).data)


# Rounds -------------------------------------------------------------------------------------


def _round_number(game: Game, number: int) -> int:
    if not 1 <= number <= game.total_rounds:
        raise NotFound(f"This game has rounds 1 to {game.total_rounds}.")
    return number


class RoundListView(GameEndpoint):
    @extend_schema(
        responses=RoundSerializer(many=True),
        summary="Every round: its state, its seats and (once visible) its outcome",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        numbers = list(range(1, caller.game.total_rounds + 1))
        rounds = reads.rounds_for(caller.game, caller.viewer, numbers)
        return Response(RoundSerializer(rounds, many=True).data)


class RoundDetailView(GameEndpoint):
    @extend_schema(responses=RoundSerializer, summary="One round")
    def get(self, request: Request, code: str, number: int) -> Response:
        caller = game_caller(request, code)
        numbers = [_round_number(caller.game, number)]
        return Response(
            RoundSerializer(reads.rounds_for(caller.game, caller.viewer, numbers)[0]).data
        )


class RoundOutcomeView(GameEndpoint):
    """A round's outcome from its log. Players see it from the round's debrief on, when the
    customer's ratings are revealed; the facilitator at any time."""

    may_conflict = True

    @extend_schema(responses=RoundOutcomeSerializer, summary="A round's outcome")
    def get(self, request: Request, code: str, number: int) -> Response:
        caller = game_caller(request, code)
        _round_number(caller.game, number)
        if not caller.is_facilitator and not outcome_is_public(caller.game, number):
            raise GameError(
                ErrorCode.WRONG_PHASE, "A round's outcome is shown from its debrief on."
            )
        return Response(round_outcome_for(caller.game, number).as_json())


# The log ------------------------------------------------------------------------------------


class EventListView(GameEndpoint):
    """The game's event log, as much of it as the caller may see, in `seq` order, a page at a
    time: ask again with `after` set to the page's `next_after` while `more` is true."""

    query_serializer = EventQuerySerializer

    @extend_schema(
        parameters=[EventQuerySerializer],
        responses=EventPageSerializer,
        summary="The events the caller may see, paged by seq",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        params = _query(request, EventQuerySerializer)
        events = events_since(caller.game, caller.viewer, params["after"])
        if params.get("round") is not None:
            events = [event for event in events if event["round"] == params["round"]]
        if params.get("type"):
            events = [event for event in events if event["type"] == params["type"]]
        if params.get("channel"):
            events = [
                event
                for event in events
                if event["type"] == "message.posted"
                and event["payload"].get("channel") == params["channel"]
            ]
        page = events[: params["limit"]]
        return Response(
            {
                "events": page,
                "more": len(events) > len(page),
                "next_after": page[-1]["seq"] if page else params["after"],
            }
        )


# The learning loop --------------------------------------------------------------------------

ROUND_PARAMETER = [RoundQuerySerializer]


class TagListView(GameEndpoint):
    query_serializer = RoundQuerySerializer

    @extend_schema(
        parameters=ROUND_PARAMETER,
        responses=TagSerializer(many=True),
        summary="The coach's tags as they stand (the team sees them from the debrief)",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        number = _query(request, RoundQuerySerializer).get("round")
        return Response(
            TagSerializer(reads.tags_for(caller.game, caller.viewer, number), many=True).data
        )


class FeedbackView(GameEndpoint):
    query_serializer = RoundQuerySerializer

    @extend_schema(
        parameters=ROUND_PARAMETER,
        responses=FeedbackSerializer(many=True),
        summary="The coach's feedback",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        number = _query(request, RoundQuerySerializer).get("round")
        items = reads.feedback_for(caller.game, caller.viewer, number)
        return Response(FeedbackSerializer(items, many=True).data)


class RatingsView(GameEndpoint):
    query_serializer = RoundQuerySerializer

    @extend_schema(
        parameters=ROUND_PARAMETER,
        responses=RatingsSerializer,
        summary="The customer's ratings and the coach's rubric ratings",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        number = _query(request, RoundQuerySerializer).get("round")
        return Response(
            RatingsSerializer(reads.ratings_for(caller.game, caller.viewer, number)).data
        )


class ProposalListView(GameEndpoint):
    query_serializer = RoundQuerySerializer

    @extend_schema(
        parameters=ROUND_PARAMETER,
        responses=ProposalSerializer(many=True),
        summary="Proposed changes with their votes",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        number = _query(request, RoundQuerySerializer).get("round")
        items = reads.proposals_for(caller.game, caller.viewer, number)
        return Response(ProposalSerializer(items, many=True).data)


class AgreedChangeListView(GameEndpoint):
    @extend_schema(
        responses=AgreedChangeSerializer(many=True),
        summary="Every change the team agreed, with the coach's kept marks",
    )
    def get(self, request: Request, code: str) -> Response:
        game = game_caller(request, code).game
        return Response(AgreedChangeSerializer(agreed_changes(game), many=True).data)
