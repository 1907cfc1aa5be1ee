"""Error codes of the game: one enum, the same code on the socket, in the API and in the UI."""

from enum import StrEnum


class ErrorCode(StrEnum):
    BAD_COMMAND = "bad_command"
    # A command's (or a join's) fields break their rules: the same answer on the socket and
    # over REST (400 there), naming the field.
    INVALID = "invalid"
    # An id the command names (a tag, a proposal, a change) is not in this game.
    NOT_FOUND = "not_found"
    NOT_AUTHENTICATED = "not_authenticated"
    NOT_ALLOWED = "not_allowed"
    WRONG_PHASE = "wrong_phase"
    STALE_PHASE = "stale_phase"
    GAME_NOT_FOUND = "game_not_found"
    GAME_FULL = "game_full"
    GAME_LOCKED = "game_locked"
    GAME_FINISHED = "game_finished"
    NAME_TAKEN = "name_taken"
    PARTICIPANT_REMOVED = "participant_removed"
    UNKNOWN_PARTICIPANT = "unknown_participant"
    UNKNOWN_INJECT = "unknown_inject"
    TOO_FEW_PLAYERS = "too_few_players"
    NOT_PAUSED = "not_paused"
    ALREADY_PAUSED = "already_paused"
    ROUND_ON_HOLD = "round_on_hold"
    ROUND_PAUSED = "round_paused"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    # The facilitator removed this person with a ban: not from this browser, not by this name.
    BANNED = "banned"
    # This player already has as many sockets open as one player may (SOCKETS_PER_PLAYER).
    TOO_MANY_SOCKETS = "too_many_sockets"


class GameError(Exception):
    """A refused command: nothing changed. Carries the code and a message for a person."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
