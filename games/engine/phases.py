"""The phases of a game and the order they run in: lobby, then per round briefing, live, debrief,
agreement; finished after the last round's agreement."""

from dataclasses import dataclass
from enum import StrEnum

from games.engine.errors import ErrorCode, GameError


class Phase(StrEnum):
    LOBBY = "lobby"
    BRIEFING = "briefing"
    LIVE = "live"
    DEBRIEF = "debrief"
    AGREEMENT = "agreement"
    FINISHED = "finished"


# Only these run against a deadline; the others wait for the facilitator.
TIMED_PHASES = frozenset({Phase.BRIEFING, Phase.LIVE, Phase.DEBRIEF})


@dataclass(frozen=True)
class Position:
    """Where a game is: a phase and the round it belongs to (0 in the lobby)."""

    phase: Phase
    round_number: int


def round_is_over(current: Position, round_number: int) -> bool:
    """A round is over once its agreement has ended: a later round began or the game finished."""
    if round_number < 1:
        return False
    return round_number < current.round_number or (
        round_number == current.round_number and current.phase == Phase.FINISHED
    )


def next_position(current: Position, *, total_rounds: int) -> Position:
    match current.phase:
        case Phase.LOBBY:
            return Position(Phase.BRIEFING, 1)
        case Phase.BRIEFING:
            return Position(Phase.LIVE, current.round_number)
        case Phase.LIVE:
            return Position(Phase.DEBRIEF, current.round_number)
        case Phase.DEBRIEF:
            return Position(Phase.AGREEMENT, current.round_number)
        case Phase.AGREEMENT if current.round_number < total_rounds:
            return Position(Phase.BRIEFING, current.round_number + 1)
        case Phase.AGREEMENT:
            return Position(Phase.FINISHED, current.round_number)
    raise GameError(ErrorCode.GAME_FINISHED, "The game is finished; there is no next phase.")


def check_expected_phase(current: Position, expected: Phase | None) -> None:
    """A client names the phase it wants to leave, so two clicks on "next" advance only once."""
    if expected is not None and expected != current.phase:
        raise GameError(
            ErrorCode.STALE_PHASE,
            f"The game is already in {current.phase} (round {current.round_number}); "
            f"nothing was changed.",
        )
