"""The WebSocket protocol: every message type, once. docs/protocol.md documents it and the
frontend's types are generated from the JSON Schema exported here."""

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model, field_validator

from games.catalogue import PAYLOADS, Payload, audiences_of
from games.engine.briefs import CustomerBrief, CustomerCard
from games.engine.coaching import RubricLevel, WouldStay
from games.engine.errors import ErrorCode
from games.engine.phases import Phase
from games.engine.roles import Role
from games.engine.scripted_customer import Question, ScriptedDifficulty
from games.engine.text import text_problem
from scenarios.schema import ResponderSeat, Scenario

# A frame larger than this is refused with an error (the connection stays open).
MAX_FRAME_BYTES = 16 * 1024
ClientMsgId = Annotated[str, Field(min_length=1, max_length=64)]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Client to server ---------------------------------------------------------------------------


class ClientFrame(Message):
    """A frame a client sends (and a REST body, games/api/commands.py): no text in it may hold
    NUL or a bidirectional control (games/engine/text.py)."""

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        problem = _text_problem_in(value)
        if problem:
            raise ValueError(problem)
        return value


def _text_problem_in(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        return next((p for p in map(_text_problem_in, value) if p), None)
    return None


class Hello(ClientFrame):
    """First frame on a socket: who I am (a player token; facilitators use their session or an
    API token) and, when reconnecting, the last sequence number I hold."""

    type: Literal["hello"]
    token: str | None = Field(default=None, max_length=512)
    api_token: str | None = Field(default=None, max_length=64)
    last_seq: int | None = Field(default=None, ge=0)


class CommandMessage(ClientFrame):
    client_msg_id: ClientMsgId


class PostMessage(CommandMessage):
    type: Literal["post_message"]
    channel: Literal["room", "huddle"]
    text: str = Field(min_length=1, max_length=2000)


class SetMood(CommandMessage):
    type: Literal["set_mood"]
    mood: int = Field(ge=0, le=10, strict=True)


class CoachNote(CommandMessage):
    type: Literal["coach_note"]
    text: str = Field(min_length=1, max_length=2000)


class FireInject(CommandMessage):
    type: Literal["fire_inject"]
    inject: str = Field(min_length=1, max_length=64)


class AdvancePhase(CommandMessage):
    type: Literal["advance_phase"]
    expected_phase: Phase | None = None
    override_reason: str = Field(default="", max_length=500)


class PauseClock(CommandMessage):
    type: Literal["pause_clock"]


class ResumeClock(CommandMessage):
    type: Literal["resume_clock"]


class ExtendClock(CommandMessage):
    type: Literal["extend_clock"]
    seconds: int = Field(gt=0, le=3600, strict=True)


class SwapSeats(CommandMessage):
    type: Literal["swap_seats"]
    round: int = Field(ge=1, strict=True)
    first: int = Field(strict=True)
    second: int = Field(strict=True)


class GiveCustomerSeat(CommandMessage):
    type: Literal["give_customer_seat"]
    participant: int = Field(strict=True)


class LockGame(CommandMessage):
    type: Literal["lock_game"]
    locked: bool = Field(strict=True)


class ShowOnWall(CommandMessage):
    """What the room display shows: the live room or the round comparison."""

    type: Literal["show_on_wall"]
    view: Literal["live", "compare"]


class OpenReplays(CommandMessage):
    """Let the players replay finished rounds, each from the seat they held (or stop it)."""

    type: Literal["open_replays"]
    open: bool = Field(strict=True)


class SeatScriptedCustomer(CommandMessage):
    """The scripted customer plays the customer seat (typed games): from the next round, and at
    once when this round's customer is missing."""

    type: Literal["seat_scripted_customer"]
    difficulty: ScriptedDifficulty = Field(
        default=ScriptedDifficulty.TYPICAL,
        description="How fast it calms and angers: patient, typical or furious.",
    )


class RemoveParticipant(CommandMessage):
    """Remove someone from the game: their token stops working. With `ban`, they cannot join
    again from the same browser or under the same (or a look-alike) name (docs/protocol.md)."""

    type: Literal["remove_participant"]
    participant: int = Field(strict=True)
    ban: bool = Field(default=False, strict=True)


Text = Annotated[str, Field(max_length=2000)]


class AddTag(CommandMessage):
    """Tag a message (`message` is its seq) or, in a spoken round, a moment (and who, if known)."""

    type: Literal["add_tag"]
    technique: str = Field(min_length=1, max_length=48)
    note: Text = ""
    message: int | None = Field(default=None, strict=True)
    participant: int | None = Field(default=None, strict=True)
    suggested: bool = Field(default=False, strict=True)


class DismissSuggestion(CommandMessage):
    """The coach turns down the detector's suggestion of `technique` for message `message`."""

    type: Literal["dismiss_suggestion"]
    message: int = Field(strict=True)
    technique: str = Field(min_length=1, max_length=48)


class UpdateTag(CommandMessage):
    type: Literal["update_tag"]
    tag: int = Field(strict=True)
    technique: str | None = Field(default=None, min_length=1, max_length=48)
    note: Text | None = None


class RemoveTag(CommandMessage):
    type: Literal["remove_tag"]
    tag: int = Field(strict=True)


class Freeze(CommandMessage):
    type: Literal["freeze"]
    reason: str = Field(default="", max_length=300)


class Unfreeze(CommandMessage):
    type: Literal["unfreeze"]


class PlayEscalation(CommandMessage):
    type: Literal["play_escalation"]
    card: str = Field(min_length=1, max_length=64)
    why: Text = ""


Rating = Annotated[int, Field(ge=1, le=5, strict=True)]


class RateRound(CommandMessage):
    type: Literal["rate_round"]
    listened: Rating
    cared: Rating
    valued: Rating
    final_mood: int = Field(ge=0, le=10, strict=True)
    would_stay: WouldStay
    calmer: Text = ""
    angrier: Text = ""
    reasons: dict[Question, Annotated[str, Field(max_length=300)]] = Field(
        default_factory=dict, description="One line for each rating: why it is what it is."
    )


class RecordConcession(CommandMessage):
    type: Literal["record_concession"]
    concession: str = Field(min_length=1, max_length=64)
    approved: bool = Field(default=False, strict=True)


class RateRubric(CommandMessage):
    type: Literal["rate_rubric"]
    ratings: dict[Annotated[str, Field(max_length=48)], RubricLevel] = Field(max_length=40)


class GiveFeedback(CommandMessage):
    type: Literal["give_feedback"]
    keep: Text
    change: Text


class Reflect(CommandMessage):
    type: Literal["reflect"]
    text: Text


class ProposeChange(CommandMessage):
    type: Literal["propose_change"]
    text: Text


class Vote(CommandMessage):
    type: Literal["vote"]
    proposal: int = Field(strict=True)
    accept: bool = Field(strict=True)


class ForceChange(CommandMessage):
    type: Literal["force_change"]
    proposal: int = Field(strict=True)
    reason: str = Field(min_length=1, max_length=500)


class MarkKept(CommandMessage):
    type: Literal["mark_kept"]
    change: int = Field(strict=True)
    kept: bool = Field(strict=True)


class AnnotateReplay(CommandMessage):
    """A review note on a finished round's replay, at a moment (seconds into its live phase)."""

    type: Literal["annotate_replay"]
    round: int = Field(ge=1, strict=True)
    at_seconds: float = Field(ge=0, le=86400)
    text: str = Field(min_length=1, max_length=2000)
    perspective: Literal["customer", "team", "coach"] | None = None


class Announce(CommandMessage):
    """The facilitator says something to everyone at the table (on a training day: to every
    table at once)."""

    type: Literal["announce"]
    text: str = Field(min_length=1, max_length=500)


class RaiseHand(CommandMessage):
    """A table asks the facilitator for help (`raised`), or says it no longer needs it."""

    type: Literal["raise_hand"]
    raised: bool = Field(strict=True)


Command = (
    PostMessage
    | SetMood
    | CoachNote
    | FireInject
    | AdvancePhase
    | PauseClock
    | ResumeClock
    | ExtendClock
    | SwapSeats
    | GiveCustomerSeat
    | LockGame
    | OpenReplays
    | ShowOnWall
    | RemoveParticipant
    | SeatScriptedCustomer
    | AddTag
    | DismissSuggestion
    | UpdateTag
    | RemoveTag
    | Freeze
    | Unfreeze
    | PlayEscalation
    | RateRound
    | RecordConcession
    | RateRubric
    | GiveFeedback
    | Reflect
    | ProposeChange
    | Vote
    | ForceChange
    | MarkKept
    | AnnotateReplay
    | Announce
    | RaiseHand
)
ClientMessage = Annotated[Hello | Command, Field(discriminator="type")]
CLIENT_MESSAGE = TypeAdapter[Hello | Command](ClientMessage)


# Server to client ---------------------------------------------------------------------------


class EventEnvelope(Message):
    """What every event carries around its payload."""

    seq: int = Field(description="Its position in the game's log: unique, no gaps.")
    round: int = Field(description="The round it happened in (0: the lobby).")
    addressee: int | None = Field(description="For the `participant` audience: who reads it.")
    actor: int | None = Field(description="The participant whose action wrote it, if any.")
    at: str = Field(description="When it was written (ISO 8601).")


def _event_model(payload: type[Payload]) -> type[EventEnvelope]:
    """`<Payload>Event`: the envelope, the type's name, its audiences and its payload."""
    audiences = tuple(str(audience) for audience in audiences_of(payload))
    # Literals built at run time: mypy cannot follow them, the schema and validation do.
    type_literal: Any = Literal[payload.type_name]
    audience_literal: Any = Literal[audiences]
    return create_model(
        f"{payload.__name__}Event",
        __base__=EventEnvelope,
        __doc__=payload.__doc__,
        type=(type_literal, ...),
        audience=(audience_literal, ...),
        payload=(payload, ...),
    )


# One model a catalogue entry, made from the catalogue so that the two cannot drift apart.
EVENT_MODELS = tuple(_event_model(payload) for payload in PAYLOADS.values())
GameEvent = Annotated[Union[EVENT_MODELS], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007


class ClockView(Message):
    deadline: str | None
    paused: bool
    seconds_left: float | None
    hold_reason: str


class ScenarioRef(Message):
    id: str
    version: int
    title: str
    summary: str


class GameView(Message):
    code: str
    name: str
    phase: Phase
    round: int
    total_rounds: int
    conversation_mode: Literal["typed", "spoken"]
    coach_mode: Literal["rotating", "facilitator"]
    locked: bool
    replays_open: bool = Field(
        description="Players may replay finished rounds, each from the seat they held in it."
    )
    functions: list[str]
    function_titles: dict[str, str] = Field(
        description="Each function in play by its display name, e.g. logistics: Logistics lead."
    )
    calm_threshold: int = Field(description="A mood at or below this counts as calm.")
    live_seconds: int = Field(description="How long each round's live phase is set to run.")
    technique_labels: dict[str, str] = Field(
        description="Each technique the scenario's rubric names, by its label (shared or its own)."
    )
    currency: str = Field(description="The scenario's currency (ISO 4217), for costs.")
    clock: ClockView
    scenario: ScenarioRef


class MeView(Message):
    participant: int | None
    name: str
    role: Role
    functions: list[str]


class ParticipantView(Message):
    id: int
    name: str
    observer: bool
    connected: bool
    scripted: bool = False


class SeatView(Message):
    participant: int
    name: str
    role: Role
    functions: list[str]


class Brief(Message):
    """The seat's own brief: the public part for everyone, and only the private part it holds."""

    title: str
    summary: str
    customer: CustomerCard
    opening_statement: str
    customer_brief: CustomerBrief | None = None
    responder_briefs: list[ResponderSeat] | None = None
    scenario: Scenario | None = None


class KeptMark(Message):
    round: int
    kept: bool


class AgreedChange(Message):
    change: int
    round: int
    text: str
    forced: bool
    kept: list[KeptMark]


class Snapshot(Message):
    """Everything this participant may see now, as of `seq`."""

    type: Literal["snapshot"] = "snapshot"
    seq: int
    game: GameView
    me: MeView
    brief: Brief
    participants: list[ParticipantView]
    plan: dict[str, list[SeatView]]
    mood: int | None
    agreed_changes: list[AgreedChange]
    events: list[GameEvent]


class Events(Message):
    """New events this participant may see, in order; `seq` is the log position now held."""

    type: Literal["events"] = "events"
    seq: int
    events: list[GameEvent]


class Ack(Message):
    type: Literal["ack"] = "ack"
    client_msg_id: str
    seq: int


class Error(Message):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    client_msg_id: str | None = None


ServerMessage = Annotated[Snapshot | Events | Ack | Error, Field(discriminator="type")]


class Protocol(BaseModel):
    """Every frame either way, in one schema so generated types share their definitions."""

    client: ClientMessage
    server: ServerMessage


def protocol_json_schema() -> dict[str, Any]:
    schema = Protocol.model_json_schema()
    _drop_field_titles(schema)
    return schema


def _drop_field_titles(node: Any) -> None:
    """Field titles would each become a named type in generated code; only messages need names."""
    if isinstance(node, dict):
        for field_schema in node.get("properties", {}).values():
            field_schema.pop("title", None)
        for value in node.values():
            _drop_field_titles(value)
    elif isinstance(node, list):
        for value in node:
            _drop_field_titles(value)
