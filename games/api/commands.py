"""Every write endpoint of a game: the socket's commands over HTTP, for scripts and bots.

Each endpoint takes the fields of one socket command (docs/protocol.md) as its JSON body, less
`type` (the URL says it) and with `client_msg_id` optional (one is made up when it is missing),
builds the `games.realtime.protocol` command and hands it to `command_run`, the same function the
socket calls. So the engine's rules decide who may do what and when, exactly as on the socket,
and a retry with the same `client_msg_id` (over HTTP or the socket) is applied once. Every write
answers `{"client_msg_id", "seq"}`: the seq of the event it wrote.
"""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar, get_args

from drf_spectacular.utils import OpenApiParameter, extend_schema
from pydantic import ValidationError as PydanticValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from games.api.access import IsPlayerOrFacilitator, game_caller
from games.api.authentication import GAME_AUTHENTICATION
from games.api.serializers import MAX_ID, AckSerializer
from games.api.throttles import PlayerPostThrottle
from games.engine.coaching import RubricLevel, WouldStay
from games.engine.phases import Phase
from games.engine.scripted_customer import ScriptedDifficulty
from games.realtime import protocol
from games.realtime.commands import command_run

MAX_TEXT = 2000

Handler = TypeVar("Handler", bound=Callable[..., Response])


# Bodies: one per socket command, the same fields (tests/games/api/test_resources.py checks) --


class CommandBody(serializers.Serializer[dict[str, Any]]):
    client_msg_id = serializers.CharField(
        required=False,
        min_length=1,
        max_length=64,
        help_text="Your id for this command: a retry with the same id is applied once.",
    )


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MAX_ID, **kwargs)


def _text(max_length: int = MAX_TEXT, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length: int = MAX_TEXT) -> serializers.CharField:
    return _text(max_length, required=False, allow_blank=True, default="")


class PostMessageBody(CommandBody):
    channel = serializers.ChoiceField(["room", "huddle"])
    text = _text()


class SetMoodBody(CommandBody):
    mood = serializers.IntegerField(min_value=0, max_value=10, help_text="0 calm to 10 furious.")


class CoachNoteBody(CommandBody):
    text = _text()


class FireInjectBody(CommandBody):
    inject = _text(64, help_text="The scenario's inject id.")


class AdvancePhaseBody(CommandBody):
    expected_phase = serializers.ChoiceField(
        list(Phase),
        required=False,
        allow_null=True,
        default=None,
        help_text="The phase being left: a second click advances nothing (`stale_phase`).",
    )
    override_reason = _text(500, required=False, allow_blank=True, default="")


class ExtendClockBody(CommandBody):
    seconds = serializers.IntegerField(min_value=1, max_value=3600)


class SwapSeatsBody(CommandBody):
    first = _id(help_text="A participant id.")
    second = _id(help_text="A participant id.")


class GiveCustomerSeatBody(CommandBody):
    participant = _id()


class LockGameBody(CommandBody):
    locked = serializers.BooleanField(help_text="Closed to new players.")


class OpenReplaysBody(CommandBody):
    open = serializers.BooleanField(
        help_text="Players may replay finished rounds, each from the seat they held."
    )


class AddTagBody(CommandBody):
    technique = _text(48, help_text="From the scenario's rubric or anti-patterns.")
    note = _optional_text()
    message = _id(required=False, allow_null=True, default=None, help_text="A message's seq.")
    participant = _id(required=False, allow_null=True, default=None)
    suggested = serializers.BooleanField(
        default=False, help_text="True when accepting the detector's suggestion."
    )


class DismissSuggestionBody(CommandBody):
    message = _id(help_text="The seq of the message the suggestion is for.")
    technique = _text(48, help_text="The suggested technique being turned down.")


class UpdateTagBody(CommandBody):
    technique = _text(48, required=False)
    note = _text(required=False, allow_blank=True)


class FreezeBody(CommandBody):
    reason = _optional_text(300)


class PlayEscalationBody(CommandBody):
    card = _text(64, help_text="The scenario's escalation card id.")
    why = _optional_text()


class RateRoundBody(CommandBody):
    listened = serializers.IntegerField(min_value=1, max_value=5)
    cared = serializers.IntegerField(min_value=1, max_value=5)
    valued = serializers.IntegerField(min_value=1, max_value=5)
    final_mood = serializers.IntegerField(min_value=0, max_value=10)
    would_stay = serializers.ChoiceField(list(WouldStay))
    calmer = _optional_text()
    angrier = _optional_text()
    reasons = serializers.DictField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        help_text="One line for each rating (listened, cared, valued): why it is what it is.",
    )


class SeatScriptedCustomerBody(CommandBody):
    difficulty = serializers.ChoiceField(
        list(ScriptedDifficulty),
        default=ScriptedDifficulty.TYPICAL,
        help_text="How fast it calms and angers: patient, typical or furious.",
    )


class RecordConcessionBody(CommandBody):
    concession = _text(64, help_text="A concession id of the scenario.")
    approved = serializers.BooleanField(default=False, help_text="The named approver said yes.")


class RateRubricBody(CommandBody):
    ratings = serializers.DictField(
        child=serializers.ChoiceField(list(RubricLevel)),
        help_text="Every rubric technique, each not_seen, attempted or done_well.",
    )


class GiveFeedbackBody(CommandBody):
    keep = _text(help_text="What to keep doing.")
    change = _text(help_text="What to do differently.")


class ReflectBody(CommandBody):
    text = _text()


class ProposeChangeBody(CommandBody):
    text = _text(help_text='"Next time we..."')


class VoteBody(CommandBody):
    accept = serializers.BooleanField()


class ForceChangeBody(CommandBody):
    reason = _text(500, help_text="Why the facilitator settles it; recorded.")


class MarkKeptBody(CommandBody):
    kept = serializers.BooleanField()


class AnnotateReplayBody(CommandBody):
    round = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A finished round.")
    at_seconds = serializers.FloatField(
        min_value=0, max_value=86400, help_text="The moment: seconds into the round's live phase."
    )
    text = _text()
    perspective = serializers.ChoiceField(
        ["customer", "team", "coach"],
        required=False,
        allow_null=True,
        default=None,
        help_text="The perspective the replay was watched in.",
    )


# Which body each command takes over HTTP (None: no body; the ids are in the URL).
BODY_OF: dict[type[protocol.CommandMessage], type[CommandBody] | None] = {
    protocol.PostMessage: PostMessageBody,
    protocol.SetMood: SetMoodBody,
    protocol.CoachNote: CoachNoteBody,
    protocol.FireInject: FireInjectBody,
    protocol.AdvancePhase: AdvancePhaseBody,
    protocol.PauseClock: CommandBody,
    protocol.ResumeClock: CommandBody,
    protocol.ExtendClock: ExtendClockBody,
    protocol.SwapSeats: SwapSeatsBody,
    protocol.GiveCustomerSeat: GiveCustomerSeatBody,
    protocol.LockGame: LockGameBody,
    protocol.OpenReplays: OpenReplaysBody,
    protocol.RemoveParticipant: None,
    protocol.SeatScriptedCustomer: SeatScriptedCustomerBody,
    protocol.AddTag: AddTagBody,
    protocol.DismissSuggestion: DismissSuggestionBody,
    protocol.UpdateTag: UpdateTagBody,
    protocol.RemoveTag: None,
    protocol.Freeze: FreezeBody,
    protocol.Unfreeze: CommandBody,
    protocol.PlayEscalation: PlayEscalationBody,
    protocol.RateRound: RateRoundBody,
    protocol.RecordConcession: RecordConcessionBody,
    protocol.RateRubric: RateRubricBody,
    protocol.GiveFeedback: GiveFeedbackBody,
    protocol.Reflect: ReflectBody,
    protocol.ProposeChange: ProposeChangeBody,
    protocol.Vote: VoteBody,
    protocol.ForceChange: ForceChangeBody,
    protocol.MarkKept: MarkKeptBody,
    protocol.AnnotateReplay: AnnotateReplayBody,
}


# Running one --------------------------------------------------------------------------------


def protocol_type(command: type[protocol.CommandMessage]) -> str:
    """The socket's `type` for a command class, e.g. "post_message"."""
    return str(get_args(command.model_fields["type"].annotation)[0])


def _protocol_command(command: type[protocol.Command], fields: dict[str, Any]) -> protocol.Command:
    try:
        return command.model_validate({"type": protocol_type(command), **fields})
    except PydanticValidationError as error:
        raise ValidationError(
            {".".join(str(part) for part in e["loc"]): [e["msg"]] for e in error.errors()}
        ) from None


def run_command(
    request: Request,
    code: str,
    command: type[protocol.Command],
    *,
    status_code: int = status.HTTP_201_CREATED,
    **path: int,
) -> Response:
    """Authenticate, validate, run the one command through `command_run`, acknowledge."""
    if any(value > MAX_ID for value in path.values()):
        raise NotFound("No such id.")
    caller = game_caller(request, code)
    body = BODY_OF[command]
    if body is None:
        fields: dict[str, Any] = {"client_msg_id": request.query_params.get("client_msg_id")}
    else:
        serializer = body(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
    fields["client_msg_id"] = fields.get("client_msg_id") or f"api-{uuid.uuid4().hex}"
    message = _protocol_command(command, {**fields, **path})
    event = command_run(
        game_id=caller.game.pk, message=message, participant=caller.participant, user=caller.user
    )
    return Response(
        AckSerializer({"client_msg_id": message.client_msg_id, "seq": event.seq}).data,
        status=status_code,
    )


def command_schema(
    command: type[protocol.CommandMessage],
    summary: str,
    *,
    status_code: int = status.HTTP_201_CREATED,
) -> Callable[[Handler], Handler]:
    parameters = []
    body = BODY_OF[command]
    if body is None:
        parameters.append(
            OpenApiParameter(
                "client_msg_id",
                str,
                description="Your id for this command: a retry with the same id is applied once.",
            )
        )
    return extend_schema(
        request=body,
        responses={status_code: AckSerializer},
        summary=summary,
        parameters=parameters,
    )


class GameEndpoint(APIView):
    # A game's endpoints: its players (by token) and its facilitator (by token or session).
    # (A comment, not a docstring: the schema would repeat a docstring on every operation.)

    authentication_classes = GAME_AUTHENTICATION
    permission_classes = [IsPlayerOrFacilitator]
    throttle_classes = [PlayerPostThrottle]


OK = status.HTTP_200_OK


# Running the game: the facilitator ----------------------------------------------------------


class AdvanceView(GameEndpoint):
    @command_schema(protocol.AdvancePhase, "Move the game to its next phase", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.AdvancePhase, status_code=OK)


class ClockPauseView(GameEndpoint):
    @command_schema(protocol.PauseClock, "Pause the clock", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.PauseClock, status_code=OK)


class ClockResumeView(GameEndpoint):
    @command_schema(
        protocol.ResumeClock, "Resume the clock (not while the round is on hold)", status_code=OK
    )
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.ResumeClock, status_code=OK)


class ClockExtendView(GameEndpoint):
    @command_schema(protocol.ExtendClock, "Give the current phase more time", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.ExtendClock, status_code=OK)


class ClockFreezeView(GameEndpoint):
    @command_schema(protocol.Freeze, "Freeze the round to make a point (coach)", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.Freeze, status_code=OK)


class ClockUnfreezeView(GameEndpoint):
    @command_schema(protocol.Unfreeze, "Unfreeze the round (coach)", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.Unfreeze, status_code=OK)


class InjectView(GameEndpoint):
    @command_schema(protocol.FireInject, "Fire one of the scenario's injects")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.FireInject)


class SwapSeatsView(GameEndpoint):
    @command_schema(protocol.SwapSeats, "Swap two participants' seats in a round", status_code=OK)
    def post(self, request: Request, code: str, number: int) -> Response:
        return run_command(request, code, protocol.SwapSeats, status_code=OK, round=number)


class CustomerSeatView(GameEndpoint):
    @command_schema(
        protocol.GiveCustomerSeat, "Give the current customer seat to someone else", status_code=OK
    )
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.GiveCustomerSeat, status_code=OK)


class ScriptedCustomerView(GameEndpoint):
    @command_schema(
        protocol.SeatScriptedCustomer,
        "Let the scripted customer play the customer seat (typed games)",
        status_code=OK,
    )
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.SeatScriptedCustomer, status_code=OK)


class ReplaysView(GameEndpoint):
    @command_schema(
        protocol.OpenReplays,
        "Open finished rounds' replays to the players (each from their own seat), or close them",
        status_code=OK,
    )
    def put(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.OpenReplays, status_code=OK)


class ParticipantRemoveView(GameEndpoint):
    @command_schema(
        protocol.RemoveParticipant,
        "Remove a participant: their token stops working",
        status_code=OK,
    )
    def delete(self, request: Request, code: str, participant: int) -> Response:
        return run_command(
            request, code, protocol.RemoveParticipant, status_code=OK, participant=participant
        )


# Playing: the seats -------------------------------------------------------------------------


class MessageView(GameEndpoint):
    """Post to the room or the huddle, as the socket's post_message does."""

    @command_schema(protocol.PostMessage, "Post a message to the room or the huddle")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.PostMessage)


class MoodView(GameEndpoint):
    @command_schema(protocol.SetMood, "Set the customer's mood (the customer)", status_code=OK)
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.SetMood, status_code=OK)


class NoteView(GameEndpoint):
    @command_schema(protocol.CoachNote, "Write a coach's note (coach only until the debrief)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.CoachNote)


class EscalationView(GameEndpoint):
    @command_schema(protocol.PlayEscalation, "Play an escalation card (the customer)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.PlayEscalation)


class ConcessionView(GameEndpoint):
    @command_schema(protocol.RecordConcession, "Record a concession offered (a responder)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.RecordConcession)


class ReflectionView(GameEndpoint):
    @command_schema(protocol.Reflect, "Add a reflection (a responder)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.Reflect)


class CustomerRatingView(GameEndpoint):
    @command_schema(protocol.RateRound, "Rate the round (the customer)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.RateRound)


class RubricRatingView(GameEndpoint):
    @command_schema(protocol.RateRubric, "Rate every rubric technique (the coach)")
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.RateRubric)


class TagDetailView(GameEndpoint):
    @command_schema(protocol.UpdateTag, "Change a tag's technique or note", status_code=OK)
    def patch(self, request: Request, code: str, tag: int) -> Response:
        return run_command(request, code, protocol.UpdateTag, status_code=OK, tag=tag)

    @command_schema(protocol.RemoveTag, "Remove a tag", status_code=OK)
    def delete(self, request: Request, code: str, tag: int) -> Response:
        return run_command(request, code, protocol.RemoveTag, status_code=OK, tag=tag)


class SuggestionDismissView(GameEndpoint):
    @command_schema(
        protocol.DismissSuggestion, "Turn down the detector's suggested tag (coach)", status_code=OK
    )
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.DismissSuggestion, status_code=OK)


class VoteView(GameEndpoint):
    @command_schema(protocol.Vote, "Accept or reject a proposed change (a responder)")
    def post(self, request: Request, code: str, proposal: int) -> Response:
        return run_command(request, code, protocol.Vote, proposal=proposal)


class ForceChangeView(GameEndpoint):
    @command_schema(
        protocol.ForceChange, "Settle a proposed change (the facilitator)", status_code=OK
    )
    def post(self, request: Request, code: str, proposal: int) -> Response:
        return run_command(request, code, protocol.ForceChange, status_code=OK, proposal=proposal)


class MarkKeptView(GameEndpoint):
    @command_schema(
        protocol.MarkKept, "Mark an earlier agreed change kept or not (coach)", status_code=OK
    )
    def post(self, request: Request, code: str, change: int) -> Response:
        return run_command(request, code, protocol.MarkKept, status_code=OK, change=change)


class ReplayAnnotationView(GameEndpoint):
    @command_schema(
        protocol.AnnotateReplay,
        "Annotate a finished round's replay (the facilitator, or the round's coach)",
    )
    def post(self, request: Request, code: str) -> Response:
        return run_command(request, code, protocol.AnnotateReplay)
