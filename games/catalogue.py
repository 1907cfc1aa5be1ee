"""The event catalogue: every event type of a game's log, its audiences and its payload, once.

Services append these payloads (`games.services.events.event_append` takes the model and writes
its type), the socket and the API send them (`GameEvent`, the union the browser's types are
generated from, which a `switch (event.type)` narrows), exports find the participants, names and
typed text inside them through the markers below, and docs/protocol.md's table of event types is
generated from here (`manage.py export_protocol_schema`).
"""

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

from games.engine.coaching import ConcessionFlag, RubricLevel, WouldStay
from games.engine.phases import Phase
from games.engine.roles import Audience, Role, readers


class Ref(StrEnum):
    """What a payload field holds about a person, so exports can renumber and anonymise it."""

    PARTICIPANT = "participant"  # a participant's id (or null)
    NAME = "name"  # a participant's display name, as the services wrote it
    FREE_TEXT = "free_text"  # text a person typed: names inside it are replaced too


ParticipantId = Annotated[int, Ref.PARTICIPANT]
PersonName = Annotated[str, Ref.NAME]
Typed = Annotated[str, Ref.FREE_TEXT]
Seconds = Annotated[float, Field(ge=0)]


class Payload(BaseModel):
    """One event type's payload. Subclasses name their type in `type_name`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type_name: ClassVar[str]


# Shapes that several payloads share -----------------------------------------------------------


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clock(Part):
    """The phase clock as it stands after the event."""

    deadline: str | None = Field(description="When the phase ends (ISO 8601), unless paused.")
    paused: bool
    seconds_left: float | None = Field(description="Seconds left when written; null: untimed.")
    hold_reason: Typed = Field(description="Why the round waits (the customer is away), or ''.")


class ScenarioRef(Part):
    id: str
    version: int
    title: str


class JoinedParticipant(Part):
    id: ParticipantId
    name: PersonName
    observer: bool


class Seat(Part):
    participant: ParticipantId
    name: PersonName
    role: Role
    functions: list[str]


class KeptMark(Part):
    round: int
    kept: bool


class AgreedChange(Part):
    change: int = Field(description="The seq of its change.agreed event.")
    round: int
    text: Typed
    forced: bool
    kept: list[KeptMark] = Field(description="The coach's marks at later debriefs, oldest first.")


class Tag(Part):
    """A coach's tag as it stands after every edit (its id is the seq of its tag.added)."""

    tag: int
    technique: str
    note: Typed
    message: int | None = Field(description="The tagged message's seq; null: a spoken moment.")
    participant: ParticipantId | None
    live_seconds: float | None
    suggested: bool = False


class CoachNote(Part):
    seq: int
    text: Typed
    author: PersonName
    live_seconds: float | None


class CustomerRating(Part):
    listened: int = Field(ge=1, le=5)
    cared: int = Field(ge=1, le=5)
    valued: int = Field(ge=1, le=5)
    final_mood: int = Field(ge=0, le=10)
    would_stay: WouldStay
    calmer: Typed
    angrier: Typed
    reasons: dict[Literal["listened", "cared", "valued"], Typed] = Field(
        default_factory=dict,
        description="Why each rating, in a line (the scripted customer always says).",
    )


class Suggestion(Part):
    technique: str
    kind: Literal["good_move", "anti_pattern"]
    span: list[int] = Field(
        min_length=2, max_length=2, description="Start and end of the words that showed it."
    )
    confidence: float


class Concession(Part):
    concession: str
    description: str
    cost: int
    function: str = Field(description="Whose parameters list it.")
    column: Literal["alone", "with_approval", "never"]
    approver: str | None
    approved: bool = Field(description="The giver says the named approver agreed.")
    by: PersonName
    flags: list[ConcessionFlag]


class MoodPoint(Part):
    live_seconds: float
    mood: int


class Feedback(Part):
    keep: Typed
    change: Typed


class Agreement(Part):
    proposal: int = Field(description="The seq of the change.proposed event.")
    text: Typed
    forced: bool
    reason: Typed = Field(description="Why the facilitator forced it, or ''.")


class Turn(Part):
    functions: list[str]
    authors: list[PersonName]
    from_seconds: float
    to_seconds: float
    messages: int


class Handoff(Part):
    from_functions: list[str]
    to_functions: list[str]
    at_seconds: float
    took_seconds: float


class Promise(Part):
    seq: int
    author: PersonName
    functions: list[str]
    text: Typed
    at_seconds: float
    followed_up_by: int | None


class Handoffs(Part):
    turns: list[Turn]
    handoffs: list[Handoff]
    promises: list[Promise]
    unkept_promises: int


# The event types, in the order a round meets them ---------------------------------------------


class GameCreated(Payload):
    """The facilitator opened the game."""

    type_name = "game.created"
    code: str
    name: str
    scenario: ScenarioRef
    rounds: int
    functions: list[str]
    conversation_mode: Literal["typed", "spoken"]
    coach_mode: Literal["rotating", "facilitator"]


class ParticipantJoined(Payload):
    """Someone joined with the code (or the scripted customer was seated)."""

    type_name = "participant.joined"
    participant: JoinedParticipant
    scripted: bool = False
    difficulty: Literal["patient", "typical", "furious"] | None = Field(
        default=None, description="The scripted customer's difficulty, when it joins."
    )


class ParticipantRemoved(Payload):
    """The facilitator removed someone: their token stops working."""

    type_name = "participant.removed"
    participant: ParticipantId
    name: PersonName
    banned: bool = Field(default=False, description="Kept out: they may not join this game again.")


class ParticipantConnected(Payload):
    """Presence: the participant's first socket opened."""

    type_name = "participant.connected"
    participant: ParticipantId


class ParticipantDisconnected(Payload):
    """Presence: the participant's last socket closed."""

    type_name = "participant.disconnected"
    participant: ParticipantId


class GameLocked(Payload):
    """The game was closed to late joiners (or opened again)."""

    type_name = "game.locked"
    locked: bool


class WallShown(Payload):
    """The facilitator chose what the room display shows; every open display follows."""

    type_name = "wall.shown"
    view: Literal["live", "compare"]


class ReplaysOpened(Payload):
    """The facilitator opened finished rounds' replays to the players (or closed them)."""

    type_name = "replays.opened"
    open: bool


class SeatsPlanned(Payload):
    """The rotation plan from `from_round` on (after a join, a removal or the start)."""

    type_name = "seats.planned"
    from_round: int
    rounds: dict[str, list[Seat]]


class SeatsSwapped(Payload):
    """The facilitator swapped two people's seats in a round not yet started."""

    type_name = "seats.swapped"
    round: int
    participants: list[ParticipantId] = Field(min_length=2, max_length=2)
    rounds: dict[str, list[Seat]]


class CustomerSeatGiven(Payload):
    """The current round's customer seat moved to someone else."""

    type_name = "seats.customer_given"
    round: int
    customer: ParticipantId
    previous: ParticipantId | None
    seats: list[Seat] = Field(default_factory=list, description="The round's seats after it.")


class PhaseChanged(Clock, Payload):
    """The game moved to its next phase."""

    type_name = "phase.changed"
    phase: Phase
    round: int
    reason: Typed = Field(description="'facilitator', 'deadline', or 'override: <why>'.")


class RoundOpened(Payload):
    """A round's briefing began: the same opening every round, and the changes agreed so far."""

    type_name = "round.opened"
    round: int
    opening_statement: str
    starting_mood: int
    temper_visible: bool
    seats: list[Seat]
    agreed_changes: list[AgreedChange]


class MoodChanged(Payload):
    """The customer's mood, 0 (calm) to 10 (furious)."""

    type_name = "mood.changed"
    mood: int = Field(ge=0, le=10)
    reason: Literal["opening", "customer"]
    live_seconds: float | None


class MessagePosted(Payload):
    """A message in the room (with the customer) or the team's huddle."""

    type_name = "message.posted"
    channel: Literal["room", "huddle"]
    text: Typed
    author: PersonName
    role: Role
    functions: list[str]
    live_seconds: int | None = Field(
        default=None,
        description="Whole seconds into live play, pauses and freezes left out (null: not live).",
    )


class CoachNoted(Payload):
    """A coach's note for the debrief, at a moment of live play."""

    type_name = "coach.note"
    text: Typed
    author: PersonName
    live_seconds: float | None


class TagAdded(Payload):
    """The coach tagged a message (or, spoken, a moment); the tag's id is this event's seq."""

    type_name = "tag.added"
    technique: str
    note: Typed
    message: int | None
    participant: ParticipantId | None
    live_seconds: float | None
    suggested: bool = False


class TagUpdated(Payload):
    """The coach changed a tag's technique or note."""

    type_name = "tag.updated"
    tag: int
    technique: str | None = None
    note: Typed | None = None


class TagRemoved(Payload):
    type_name = "tag.removed"
    tag: int


class TagSuggested(Payload):
    """What the technique detector heard in a responder's room message."""

    type_name = "tag.suggested"
    message: int
    suggestions: list[Suggestion]


class SuggestionDismissed(Payload):
    """The coach turned a suggestion down."""

    type_name = "tag.suggestion_dismissed"
    message: int
    technique: str


class RoundFrozen(Clock, Payload):
    """The coach stopped the round to make a point."""

    type_name = "round.frozen"
    reason: Typed


class RoundUnfrozen(Clock, Payload):
    type_name = "round.unfrozen"


class EscalationPlayed(Payload):
    """The customer played one of their escalation cards."""

    type_name = "escalation.played"
    card: str
    label: str
    text: str
    live_seconds: float | None


class EscalationReason(Payload):
    """Why the customer played the card: for the coach only."""

    type_name = "escalation.reason"
    card: str
    why: Typed
    live_seconds: float | None


class CustomerRated(CustomerRating, Payload):
    """The customer's view of the round (kept from the team until the debrief)."""

    type_name = "customer.rated"


class ConcessionRecorded(Concession, Payload):
    """A responder recorded what they offered; its cost counts and a breach is flagged."""

    type_name = "concession.recorded"


class DebriefRevealed(Payload):
    """At the debrief, what was private during live becomes everyone's."""

    type_name = "debrief.revealed"
    round: int
    notes: list[CoachNote]
    tags: list[Tag]
    customer_rating: CustomerRating | None


class RubricRated(Payload):
    """The coach's rating of every rubric technique."""

    type_name = "rubric.rated"
    ratings: dict[str, RubricLevel]


class FeedbackGiven(Feedback, Payload):
    """The coach's feedback: what to keep doing and what to change."""

    type_name = "feedback.given"
    author: PersonName


class ReflectionAdded(Payload):
    type_name = "reflection.added"
    text: Typed
    author: PersonName
    functions: list[str]


class ChangeProposed(Payload):
    """A proposal for the one change to try next round; its id is this event's seq."""

    type_name = "change.proposed"
    text: Typed
    author: PersonName


class ChangeVoted(Payload):
    type_name = "change.voted"
    proposal: int
    accept: bool
    voter: PersonName


class ChangeAgreed(Agreement, Payload):
    """The team agreed a change (every present responder accepted, or the facilitator forced it)."""

    type_name = "change.agreed"


class ChangeMarked(Payload):
    """At a later debrief the coach marks whether an agreed change was kept."""

    type_name = "change.marked"
    change: int = Field(description="The seq of the change.agreed event.")
    kept: bool


class RoundSummarized(Payload):
    """The round's outcome (games/engine/scoring.py), when its agreement ends."""

    type_name = "round.summarized"
    round: int
    mood_curve: list[MoodPoint]
    final_mood: int | None
    time_to_calm_seconds: float | None = Field(description="Null: the customer never calmed.")
    customer_rating: CustomerRating | None
    rubric_ratings: dict[str, RubricLevel]
    good_move_tags: dict[str, int]
    anti_pattern_tags: dict[str, int]
    give_cost: int
    flagged_concessions: list[Concession]
    escalations: list[str]
    feedback: Feedback | None
    agreed_changes: list[Agreement]
    handoffs: Handoffs


class InjectFired(Payload):
    """One of the scenario's injects went off (the coach's view of it)."""

    type_name = "inject.fired"
    inject: str
    title: str
    scheduled: bool = Field(description="Fired by the clock at its minute, not by the coach.")
    audience: Literal["customer", "team", "everyone"] = Field(
        description="Who the scenario sends it to: the customer, the team, or both sides."
    )


class InjectDelivered(Payload):
    """An inject's text for the side that receives it: the customer's or the team's."""

    type_name = "inject.delivered"
    inject: str
    title: str
    scheduled: bool
    text: str


class ClockPaused(Clock, Payload):
    type_name = "clock.paused"
    reason: Typed


class ClockResumed(Clock, Payload):
    type_name = "clock.resumed"


class ClockExtended(Clock, Payload):
    type_name = "clock.extended"
    seconds: int


class RoundHeld(Clock, Payload):
    """The customer disconnected during live: the round waits for them."""

    type_name = "round.held"
    reason: Typed


class RoundReleased(Clock, Payload):
    type_name = "round.released"


class ReviewAnnotated(Payload):
    """A note on a finished round's replay (logged in the round the game was in when written)."""

    type_name = "review.annotated"
    round: int = Field(description="The round reviewed.")
    at_seconds: Seconds
    text: Typed
    author: PersonName
    perspective: Literal["customer", "team", "coach"] | None
    review: Literal[True] = True


class Announced(Payload):
    """The facilitator's word to everyone at the table."""

    type_name = "facilitator.announced"
    text: Typed


class HandRaised(Payload):
    """Someone at the table asked the facilitator for help (or the hand went down)."""

    type_name = "hand.raised"
    raised: bool
    name: PersonName = Field(description="Who raised or lowered it.")


# What each type may be written with: its audiences ---------------------------------------------

_AUDIENCES: dict[type[Payload], tuple[Audience, ...]] = {
    GameCreated: (Audience.EVERYONE,),
    ParticipantJoined: (Audience.EVERYONE,),
    ParticipantRemoved: (Audience.EVERYONE,),
    ParticipantConnected: (Audience.EVERYONE,),
    ParticipantDisconnected: (Audience.EVERYONE,),
    GameLocked: (Audience.EVERYONE,),
    ReplaysOpened: (Audience.EVERYONE,),
    WallShown: (Audience.EVERYONE,),
    SeatsPlanned: (Audience.EVERYONE,),
    SeatsSwapped: (Audience.EVERYONE,),
    CustomerSeatGiven: (Audience.EVERYONE,),
    PhaseChanged: (Audience.EVERYONE,),
    RoundOpened: (Audience.EVERYONE,),
    # Everyone sees the mood when the scenario's temper is visible; else the customer (and coach).
    MoodChanged: (Audience.EVERYONE, Audience.CUSTOMER),
    MessagePosted: (Audience.ROOM, Audience.HUDDLE),
    CoachNoted: (Audience.COACH,),
    # Tags are the coach's during live and everyone's from the debrief on.
    TagAdded: (Audience.COACH, Audience.EVERYONE),
    TagUpdated: (Audience.COACH, Audience.EVERYONE),
    TagRemoved: (Audience.COACH, Audience.EVERYONE),
    TagSuggested: (Audience.COACH,),
    SuggestionDismissed: (Audience.COACH,),
    RoundFrozen: (Audience.EVERYONE,),
    RoundUnfrozen: (Audience.EVERYONE,),
    EscalationPlayed: (Audience.EVERYONE,),
    EscalationReason: (Audience.COACH,),
    # The rating is the customer's during live and everyone's from the debrief on.
    CustomerRated: (Audience.CUSTOMER, Audience.EVERYONE),
    ConcessionRecorded: (Audience.TEAM,),
    DebriefRevealed: (Audience.EVERYONE,),
    RubricRated: (Audience.EVERYONE,),
    FeedbackGiven: (Audience.EVERYONE,),
    ReflectionAdded: (Audience.EVERYONE,),
    ChangeProposed: (Audience.EVERYONE,),
    ChangeVoted: (Audience.EVERYONE,),
    ChangeAgreed: (Audience.EVERYONE,),
    ChangeMarked: (Audience.EVERYONE,),
    RoundSummarized: (Audience.EVERYONE,),
    InjectFired: (Audience.COACH,),
    InjectDelivered: (Audience.CUSTOMER, Audience.TEAM),
    ClockPaused: (Audience.EVERYONE,),
    ClockResumed: (Audience.EVERYONE,),
    ClockExtended: (Audience.EVERYONE,),
    RoundHeld: (Audience.EVERYONE,),
    RoundReleased: (Audience.EVERYONE,),
    ReviewAnnotated: (Audience.PARTICIPANT,),
    Announced: (Audience.EVERYONE,),
    HandRaised: (Audience.EVERYONE,),
}

PAYLOADS: dict[str, type[Payload]] = {payload.type_name: payload for payload in _AUDIENCES}


def audiences_of(payload: type[Payload]) -> tuple[Audience, ...]:
    return _AUDIENCES[payload]


def check_audience(payload: Payload, audience: Audience) -> None:
    """A service may only write an event to one of its type's audiences: the read rules, the
    browser's renderings and the privacy tests all rely on the catalogue saying who reads it."""
    allowed = _AUDIENCES[type(payload)]
    if audience not in allowed:
        raise ValueError(
            f"{payload.type_name} is written for {', '.join(allowed)}, not {audience}."
        )


def readers_of(payload: type[Payload]) -> frozenset[Role]:
    """Every role that may read some event of this type."""
    return frozenset(role for audience in _AUDIENCES[payload] for role in readers(audience))


# Where people are mentioned: the exports' anonymisation walks these ---------------------------


def references(payload: type[BaseModel]) -> dict[Ref, tuple[str, ...]]:
    """The dot-separated paths (`*` for every item of a list or value of a mapping) of the
    fields marked with each `Ref` in a payload, however deeply nested."""
    found: dict[Ref, list[str]] = {ref: [] for ref in Ref}
    for path, ref in _marked_paths(payload, ""):
        found[ref].append(path)
    return {ref: tuple(paths) for ref, paths in found.items()}


def _marked_paths(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, Ref]]:
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        for ref in field.metadata:
            if isinstance(ref, Ref):
                yield path, ref
        yield from _paths_in(field.annotation, path)


def _paths_in(annotation: Any, path: str) -> Iterator[tuple[str, Ref]]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        inner, *metadata = args
        yield from ((path, ref) for ref in metadata if isinstance(ref, Ref))
        yield from _paths_in(inner, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _marked_paths(annotation, f"{path}.")
    elif origin in (list, tuple):
        for arg in {arg for arg in args if arg is not Ellipsis}:
            yield from _paths_in(arg, f"{path}.*")
    elif origin is dict:
        yield from _paths_in(args[1], f"{path}.*")
    elif args:  # a union: X | None
        for arg in args:
            yield from _paths_in(arg, path)
