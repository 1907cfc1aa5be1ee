"""Every command of a game, declared once: its message (`games.protocol`), the service
call that carries it out, and its HTTP route. The game socket and the REST API are both built
from this table, so they validate the same fields the same way and run the same service."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, get_args

from django.contrib.auth.models import User
from pydantic import ValidationError

from games import protocol as p
from games.engine.errors import ErrorCode, GameError
from games.models import Event, Game, Participant
from games.services import coaching
from games.services.actors import Actor, actor_for_user, actor_from_lock
from games.services.command_sql import LockedGame
from games.services.conversation import (
    announcement_make,
    coach_note,
    hand_raise,
    inject_fire,
    message_post,
    mood_set,
    wall_show,
)
from games.services.events import Command, run_command
from games.services.participants import game_lock, participant_remove, replays_open
from games.services.presence import customer_seat_give
from games.services.review import replay_annotate
from games.services.rounds import (
    clock_extend,
    clock_freeze,
    clock_pause,
    clock_resume,
    clock_unfreeze,
    phase_advance,
)
from games.services.scripted import scripted_customer_seat
from games.services.seats import seats_swap
from games.services.suggestions import suggestion_dismiss

M = TypeVar("M", bound=p.CommandMessage)
Method = Literal["POST", "PATCH", "DELETE"]
ADDS = 201  # the command adds something (a message, a tag, a vote...)
CHANGES = 200  # the command changes the game's state (a phase, the clock, a seat)


@dataclass(frozen=True)
class Route:
    """Where a command lives over HTTP, under /api/v1/games/<code>/ (Django's path syntax).
    Ids in the path are the command's fields of the same name, or as `url_fields` renames them.
    A DELETE takes its other fields from the query string; the others from a JSON body."""

    method: Method
    path: str
    status: int
    summary: str
    url_fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # one per command: compared (and hashed) by identity
class CommandSpec(Generic[M]):
    message: type[M]
    run: Callable[[Game, Actor, M, Command], Event]
    route: Route

    @property
    def type(self) -> str:
        """The socket's `type`, e.g. "post_message"."""
        return str(get_args(self.message.model_fields["type"].annotation)[0])

    @property
    def fields_in_path(self) -> dict[str, str]:
        """URL parameter -> command field, for each id the path carries."""
        parameters = re.findall(r"<(?:\w+:)?(\w+)>", self.route.path)
        return {name: self.route.url_fields.get(name, name) for name in parameters}


def _spec(
    message: type[M],
    run: Callable[[Game, Actor, M, Command], Event],
    method: Method,
    path: str,
    status: int,
    summary: str,
    **url_fields: str,
) -> CommandSpec[M]:
    return CommandSpec(message, run, Route(method, path, status, summary, url_fields))


# fmt: off
COMMANDS: tuple[CommandSpec[Any], ...] = (
    # Running the game: the facilitator
    _spec(p.AdvancePhase, lambda g, by, m, c: phase_advance(
        g, by=by, expected_phase=m.expected_phase, override_reason=m.override_reason, command=c),
        "POST", "advance/", CHANGES, "Move the game to its next phase"),
    _spec(p.PauseClock, lambda g, by, m, c: clock_pause(g, by=by, command=c),
        "POST", "clock/pause/", CHANGES, "Pause the clock"),
    _spec(p.ResumeClock, lambda g, by, m, c: clock_resume(g, by=by, command=c),
        "POST", "clock/resume/", CHANGES, "Resume the clock (not while the round is on hold)"),
    _spec(p.ExtendClock, lambda g, by, m, c: clock_extend(g, by=by, seconds=m.seconds, command=c),
        "POST", "clock/extend/", CHANGES, "Give the current phase more time"),
    _spec(p.Freeze, lambda g, by, m, c: clock_freeze(g, by=by, reason=m.reason, command=c),
        "POST", "clock/freeze/", CHANGES, "Freeze the round to make a point (coach)"),
    _spec(p.Unfreeze, lambda g, by, m, c: clock_unfreeze(g, by=by, command=c),
        "POST", "clock/unfreeze/", CHANGES, "Unfreeze the round (coach)"),
    _spec(p.FireInject, lambda g, by, m, c: inject_fire(g, by=by, inject_id=m.inject, command=c)[0],
        "POST", "injects/", ADDS, "Fire one of the scenario's injects"),
    _spec(p.Announce, lambda g, by, m, c: announcement_make(g, by=by, text=m.text, command=c),
        "POST", "announcements/", ADDS, "Say something to everyone at the table (the facilitator)"),
    _spec(p.GiveCustomerSeat, lambda g, by, m, c: customer_seat_give(
        g, by=by, participant_id=m.participant, command=c),
        "POST", "customer-seat/", CHANGES, "Give the current customer seat to someone else"),
    _spec(p.SeatScriptedCustomer, lambda g, by, m, c: scripted_customer_seat(
        g, by=by, difficulty=m.difficulty, command=c),
        "POST", "scripted-customer/", CHANGES,
        "Let the scripted customer play the customer seat (typed games)"),
    _spec(p.LockGame, lambda g, by, m, c: game_lock(g, by=by, locked=m.locked, command=c),
        "PATCH", "settings/", CHANGES, "Close the game to late joiners, or open it again"),
    _spec(p.ShowOnWall, lambda g, by, m, c: wall_show(g, by=by, view=m.view, command=c),
        "POST", "wall/", CHANGES, "Show the live room or the round comparison on the room display"),
    _spec(p.OpenReplays, lambda g, by, m, c: replays_open(g, by=by, open=m.open, command=c),
        "PATCH", "replays/", CHANGES,
        "Let the players replay finished rounds, each from their own seat (or stop it)"),
    _spec(p.RemoveParticipant, lambda g, by, m, c: participant_remove(
        g, by=by, participant_id=m.participant, ban=m.ban, command=c),
        "DELETE", "participants/<int:participant>/", CHANGES,
        "Remove a participant (their token stops working), with a ban to keep them out"),
    _spec(p.SwapSeats, lambda g, by, m, c: seats_swap(
        g, by=by, round_number=m.round, first=m.first, second=m.second, command=c),
        "POST", "rounds/<int:number>/swap/", CHANGES, "Swap two participants' seats in a round",
        number="round"),
    _spec(p.AnnotateReplay, lambda g, by, m, c: replay_annotate(
        g, by=by, round_number=m.round, at_seconds=m.at_seconds, text=m.text,
        perspective=m.perspective, command=c),
        "POST", "annotations/", ADDS,
        "Annotate a finished round's replay (the facilitator, or the round's coach)"),
    # Playing: the seats
    _spec(p.PostMessage, lambda g, by, m, c: message_post(
        g, by=by, channel=m.channel, text=m.text, command=c),
        "POST", "messages/", ADDS, "Post a message to the room or the huddle"),
    _spec(p.SetMood, lambda g, by, m, c: mood_set(g, by=by, mood=m.mood, command=c),
        "POST", "mood/", CHANGES, "Set the customer's mood (the customer)"),
    _spec(p.CoachNote, lambda g, by, m, c: coach_note(g, by=by, text=m.text, command=c),
        "POST", "notes/", ADDS, "Write a coach's note (coach only until the debrief)"),
    _spec(p.PlayEscalation, lambda g, by, m, c: coaching.escalation_play(
        g, by=by, card=m.card, why=m.why, command=c),
        "POST", "escalations/", ADDS, "Play an escalation card (the customer)"),
    _spec(p.RecordConcession, lambda g, by, m, c: coaching.concession_record(
        g, by=by, concession=m.concession, approved=m.approved, command=c),
        "POST", "concessions/", ADDS, "Record a concession offered (a responder)"),
    _spec(p.RaiseHand, lambda g, by, m, c: hand_raise(g, by=by, raised=m.raised, command=c),
        "POST", "hand/", CHANGES,
        "Ask the facilitator for help, or lower the hand (anyone at the table)"),
    # Coaching, debrief and agreement
    _spec(p.AddTag, lambda g, by, m, c: coaching.tag_add(
        g, by=by, technique=m.technique, note=m.note, message_seq=m.message,
        participant=m.participant, suggested=m.suggested, command=c),
        "POST", "tags/", ADDS, "Tag a message or a moment against the rubric (coach)"),
    _spec(p.UpdateTag, lambda g, by, m, c: coaching.tag_update(
        g, by=by, tag=m.tag, technique=m.technique, note=m.note, command=c),
        "PATCH", "tags/<int:tag>/", CHANGES, "Change a tag's technique or note"),
    _spec(p.RemoveTag, lambda g, by, m, c: coaching.tag_remove(g, by=by, tag=m.tag, command=c),
        "DELETE", "tags/<int:tag>/", CHANGES, "Remove a tag"),
    _spec(p.DismissSuggestion, lambda g, by, m, c: suggestion_dismiss(
        g, by=by, message_seq=m.message, technique=m.technique, command=c),
        "POST", "suggestions/dismiss/", CHANGES, "Turn down the detector's suggested tag (coach)"),
    _spec(p.GiveFeedback, lambda g, by, m, c: coaching.feedback_give(
        g, by=by, keep=m.keep, change=m.change, command=c),
        "POST", "feedback/", ADDS, "Give two-part feedback: keep, change (coach)"),
    _spec(p.RateRound, lambda g, by, m, c: coaching.round_rate(
        g, by=by, listened=m.listened, cared=m.cared, valued=m.valued, final_mood=m.final_mood,
        would_stay=m.would_stay, calmer=m.calmer, angrier=m.angrier, reasons=m.reasons, command=c),
        "POST", "ratings/customer/", ADDS, "Rate the round (the customer)"),
    _spec(p.RateRubric, lambda g, by, m, c: coaching.rubric_rate(
        g, by=by, ratings={name: str(level) for name, level in m.ratings.items()}, command=c),
        "POST", "ratings/rubric/", ADDS, "Rate every rubric technique (the coach)"),
    _spec(p.Reflect, lambda g, by, m, c: coaching.reflection_add(g, by=by, text=m.text, command=c),
        "POST", "reflections/", ADDS, "Add a reflection (a responder)"),
    _spec(p.ProposeChange, lambda g, by, m, c: coaching.change_propose(
        g, by=by, text=m.text, command=c),
        "POST", "proposals/", ADDS, 'Propose a change: "next time we..."'),
    _spec(p.Vote, lambda g, by, m, c: coaching.change_vote(
        g, by=by, proposal=m.proposal, accept=m.accept, command=c),
        "POST", "proposals/<int:proposal>/votes/", ADDS,
        "Accept or reject a proposed change (a responder)"),
    _spec(p.ForceChange, lambda g, by, m, c: coaching.change_force(
        g, by=by, proposal=m.proposal, reason=m.reason, command=c),
        "POST", "proposals/<int:proposal>/force/", CHANGES,
        "Settle a proposed change (the facilitator)"),
    _spec(p.MarkKept, lambda g, by, m, c: coaching.change_mark_kept(
        g, by=by, change=m.change, kept=m.kept, command=c),
        "POST", "changes/<int:change>/kept/", CHANGES,
        "Mark an earlier agreed change kept or not (coach)"),
)
# fmt: on

SPEC_OF: dict[type[p.CommandMessage], CommandSpec[Any]] = {spec.message: spec for spec in COMMANDS}
if set(SPEC_OF) != set(get_args(p.Command)) or len(SPEC_OF) != len(COMMANDS):
    raise ImportError("Every protocol command needs exactly one entry in games.commands.COMMANDS.")


def command_run(
    *, game_id: int, message: p.Command, participant: Participant | None, user: User | None
) -> Event:
    """Run a command for a participant or the facilitator; returns the event to acknowledge."""
    spec = SPEC_OF[type(message)]

    def apply(locked: LockedGame) -> Event:
        # The actor's seat is read with the game's lock, so it is the seat of this very moment.
        game = locked.game
        if participant is not None:
            by = actor_from_lock(locked)
        elif user is not None:
            by = actor_for_user(game, user)
        else:
            raise GameError(ErrorCode.NOT_AUTHENTICATED, "Say hello with a player token first.")
        return spec.run(game, by, message, command)

    key = f"p{participant.pk}" if participant is not None else f"u{user.pk if user else 0}"
    command = Command(actor_key=key, client_msg_id=message.client_msg_id)
    sender_id = participant.pk if participant is not None else None
    try:
        return run_command(game_id, command, apply, sender_id)
    except Game.DoesNotExist:  # deleted by its facilitator (or a retention purge) meanwhile
        raise GameError(ErrorCode.GAME_NOT_FOUND, "This game was deleted.") from None


# Invalid fields: one description for both edges ---------------------------------------------


def field_errors(error: ValidationError, *, command_type: str = "") -> list[dict[str, str]]:
    """Each problem as `{"path", "message"}`, the path dotted from the command's own fields (the
    socket's union puts the command's type in front; that is not a field)."""
    errors = []
    for detail in error.errors(include_url=False):
        location = list(detail["loc"])
        if command_type and location[:1] == [command_type]:
            location = location[1:]
        path = ".".join(str(part) for part in location)
        errors.append({"path": path, "message": detail["msg"].removeprefix("Value error, ")})
    return errors


def describe(errors: list[dict[str, str]]) -> str:
    """The errors as one line for a person: `mood: Input should be ...; text: ...`."""
    return "; ".join(
        f"{error['path']}: {error['message']}" if error["path"] else error["message"]
        for error in errors
    )
