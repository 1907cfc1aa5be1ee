"""Suggested tags: the technique detector reads each responder's room message during live and
offers the coach what it found. An accepted suggestion becomes a normal tag (`tag_add` with
`suggested=True`); a dismissed one is recorded, so every coach screen drops it."""

from functools import partial

from django.db import transaction

from games.catalogue import Suggestion, SuggestionDismissed, TagSuggested
from games.engine.detector import Detection, default_cue_book, detect_techniques, scenario_rules
from games.engine.detector_model import shipped_model
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, check_allowed
from games.models import Event, Game
from games.services.actors import Actor
from games.services.events import Command, event_append, game_for_update
from games.services.offload import compute_then_write
from scenarios.selectors import scenario_spec


def suggestions_after_commit(game: Game, message: Event, by: Actor) -> None:
    """Offer suggestions for a responder's room message once it is committed: the message
    reaches everyone first, and the detector runs outside the game's row lock (in a server, in
    a worker process: its regular expressions would hold up every socket of the process)."""
    if by.role == Role.RESPONDER and message.payload["channel"] == "room":
        version_id, text = game.scenario_version_id, message.payload["text"]
        transaction.on_commit(
            partial(
                compute_then_write,
                message_detections,
                (version_id, text),
                partial(suggestions_record, message),
            )
        )


def detector_prepare(scenario_version_id: int) -> None:
    """Compile the detector's cues and the scenario's own before the round (where the detector
    runs): done at the first message, it held up the first suggestions by half a second."""
    compute_then_write(detector_warm, (scenario_version_id,))


def detector_warm(scenario_version_id: int) -> None:
    default_cue_book()
    shipped_model()
    scenario_rules(scenario_spec(scenario_version_id))


def message_detections(scenario_version_id: int, text: str) -> list[Detection]:
    """What the detector finds in a room message that the scenario's coach may tag. The parsed
    scenario is cached per process (versions are never changed once written, so a worker
    process's copy cannot go stale)."""
    scenario = scenario_spec(scenario_version_id)
    found = detect_techniques(text, scenario=scenario)
    return [detection for detection in found if detection.technique in scenario.coach.taggable]


def suggestions_offer(message: Event) -> Event | None:
    """Run the detector on a committed room message here and now, and tell the coach what it
    found."""
    detections = message_detections(message.game.scenario_version_id, message.payload["text"])
    return suggestions_record(message, detections)


def suggestions_record(message: Event, detections: list[Detection]) -> Event | None:
    """Tell the coach what the detector found in `message` (the event as it was appended:
    nothing is read again), if anything and if its round is still live."""
    if not detections:
        return None
    with transaction.atomic():
        game = game_for_update(message.game_id)
        if game.phase != Phase.LIVE or game.round_number != message.round_number:
            return None  # the round moved on: too late to tag it live
        return event_append(
            game,
            TagSuggested(
                message=message.seq,
                suggestions=[
                    Suggestion(
                        technique=found.technique,
                        kind=found.kind,
                        span=[found.start, found.end],
                        confidence=found.confidence,
                    )
                    for found in detections
                ],
            ),
            audience=Audience.COACH,
        )


def suggestion_dismiss(
    game: Game, *, by: Actor, message_seq: int, technique: str, command: Command | None = None
) -> Event:
    """The coach says a suggestion is wrong: it leaves every coach screen and counts as a miss
    of the detector."""
    check_allowed(Action.TAG, role=by.role, phase=Phase(game.phase))
    suggested = Event.objects.filter(
        game=game,
        round_number=game.round_number,
        type="tag.suggested",
        payload__message=message_seq,
    ).first()
    if suggested is None or technique not in {
        entry["technique"] for entry in suggested.payload["suggestions"]
    }:
        raise GameError(
            ErrorCode.BAD_COMMAND, f"Nothing suggested '{technique}' for message {message_seq}."
        )
    return event_append(
        game,
        SuggestionDismissed(message=message_seq, technique=technique),
        audience=Audience.COACH,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )
