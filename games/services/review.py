"""Review annotations: notes a coach or the facilitator adds to a finished round's replay.

They are stored apart from the live coaching (their own event type, marked `review`), so a
replay never mistakes them for what the coach wrote at the time.
"""

from games.catalogue import ReviewAnnotated
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase, round_is_over
from games.engine.roles import Action, Audience, check_allowed
from games.models import Event, Game
from games.services.actors import Actor, role_in_round
from games.services.events import Command, event_append

MAX_ANNOTATION_LENGTH = 2000
PERSPECTIVES = ("customer", "team", "coach")


def replay_annotate(
    game: Game,
    *,
    by: Actor,
    round_number: int,
    at_seconds: float,
    text: str,
    perspective: str | None = None,
    command: Command | None = None,
) -> Event:
    """Append a review annotation on round `round_number` at `at_seconds` into its live phase.

    The facilitator may annotate any finished round; a player only a round they coached. The
    event is logged in the game's current round, addressed to its author alone (audience
    `participant`; the facilitator reads everything): not `coach`, because the coach of the round
    being played now is a player whose live view it would reach. The replay shows it in the
    coach's perspective of the round named in its payload.
    """
    role = by.role
    if by.participant is not None:
        role, _ = role_in_round(by.participant, round_number)
    check_allowed(Action.ANNOTATE_REPLAY, role=role, phase=Phase(game.phase))
    if not round_is_over(game.position, round_number):
        raise GameError(
            ErrorCode.WRONG_PHASE, f"Round {round_number} is not finished; annotate it afterwards."
        )
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_ANNOTATION_LENGTH:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"An annotation is 1 to {MAX_ANNOTATION_LENGTH} characters.",
        )
    if at_seconds < 0:
        raise GameError(ErrorCode.BAD_COMMAND, "An annotation's moment is 0 seconds or later.")
    if perspective is not None and perspective not in PERSPECTIVES:
        raise GameError(ErrorCode.BAD_COMMAND, "The perspective is customer, team or coach.")
    return event_append(
        game,
        ReviewAnnotated(
            round=round_number,
            at_seconds=at_seconds,
            text=cleaned,
            author=by.name,
            perspective=perspective,
            review=True,
        ),
        audience=Audience.PARTICIPANT,
        addressee=by.participant,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )
