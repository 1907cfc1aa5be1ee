"""Who a participant is in a round, and what each role may read and do."""

from collections.abc import Set
from enum import StrEnum

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase


class Role(StrEnum):
    FACILITATOR = "facilitator"
    CUSTOMER = "customer"
    RESPONDER = "responder"
    COACH = "coach"
    OBSERVER = "observer"


class Audience(StrEnum):
    """Who may read an event. Fixed when the event is written, so a replay shows the same."""

    EVERYONE = "everyone"
    ROOM = "room"  # the conversation with the customer: everyone reads it
    HUDDLE = "huddle"  # responders and coach talk; the customer and observers cannot read it
    TEAM = "team"  # told to the responders (and coach): injects, the mood when temper is visible
    CUSTOMER = "customer"  # told to the customer (and coach): their side of an inject
    COACH = "coach"  # coach and facilitator only: notes, the mood when temper is hidden
    PARTICIPANT = "participant"  # one named participant (and the facilitator)


_READERS: dict[Audience, Set[Role]] = {
    Audience.EVERYONE: set(Role),
    Audience.ROOM: set(Role),
    Audience.HUDDLE: {Role.RESPONDER, Role.COACH, Role.FACILITATOR},
    Audience.TEAM: {Role.RESPONDER, Role.COACH, Role.FACILITATOR},
    Audience.CUSTOMER: {Role.CUSTOMER, Role.COACH, Role.FACILITATOR},
    Audience.COACH: {Role.COACH, Role.FACILITATOR},
    Audience.PARTICIPANT: {Role.FACILITATOR},
}


def readers(audience: Audience) -> Set[Role]:
    """The roles that read every event written for `audience` (PARTICIPANT: its addressee too)."""
    return _READERS[audience]


def can_read(
    audience: Audience, *, role: Role, viewer_id: int | None, addressee_id: int | None
) -> bool:
    if audience is Audience.PARTICIPANT and viewer_id is not None and viewer_id == addressee_id:
        return True
    return role in _READERS[audience]


class Action(StrEnum):
    POST_ROOM = "post_room"
    POST_HUDDLE = "post_huddle"
    SET_MOOD = "set_mood"
    WRITE_COACH_NOTE = "write_coach_note"
    FIRE_INJECT = "fire_inject"
    TAG = "tag"
    FREEZE = "freeze"
    PLAY_ESCALATION = "play_escalation"
    RATE_ROUND = "rate_round"
    RECORD_CONCESSION = "record_concession"
    RATE_RUBRIC = "rate_rubric"
    GIVE_FEEDBACK = "give_feedback"
    REFLECT = "reflect"
    PROPOSE_CHANGE = "propose_change"
    VOTE = "vote"
    MARK_KEPT = "mark_kept"
    RUN_GAME = "run_game"  # phases, timers, seats, lock, removals, forcing an agreement
    ANNOTATE_REPLAY = "annotate_replay"  # a review note on a finished round's replay
    RAISE_HAND = "raise_hand"  # ask the facilitator for help (or lower the hand)


_WHO_MAY: dict[Action, tuple[Set[Role], Set[Phase]]] = {
    Action.POST_ROOM: ({Role.CUSTOMER, Role.RESPONDER}, {Phase.LIVE}),
    Action.POST_HUDDLE: ({Role.RESPONDER, Role.COACH}, {Phase.BRIEFING, Phase.LIVE, Phase.DEBRIEF}),
    Action.SET_MOOD: ({Role.CUSTOMER}, {Phase.LIVE}),
    Action.WRITE_COACH_NOTE: ({Role.COACH, Role.FACILITATOR}, {Phase.LIVE, Phase.DEBRIEF}),
    Action.FIRE_INJECT: ({Role.COACH, Role.FACILITATOR}, {Phase.LIVE}),
    Action.TAG: ({Role.COACH, Role.FACILITATOR}, {Phase.LIVE, Phase.DEBRIEF}),
    Action.FREEZE: ({Role.COACH, Role.FACILITATOR}, {Phase.LIVE}),
    Action.PLAY_ESCALATION: ({Role.CUSTOMER}, {Phase.LIVE}),
    Action.RATE_ROUND: ({Role.CUSTOMER}, {Phase.LIVE, Phase.DEBRIEF}),
    Action.RECORD_CONCESSION: ({Role.RESPONDER}, {Phase.LIVE, Phase.DEBRIEF}),
    Action.RATE_RUBRIC: ({Role.COACH, Role.FACILITATOR}, {Phase.DEBRIEF}),
    Action.GIVE_FEEDBACK: ({Role.COACH, Role.FACILITATOR}, {Phase.DEBRIEF}),
    Action.REFLECT: ({Role.RESPONDER}, {Phase.DEBRIEF, Phase.AGREEMENT}),
    Action.PROPOSE_CHANGE: (
        {Role.CUSTOMER, Role.RESPONDER, Role.COACH, Role.FACILITATOR},
        {Phase.DEBRIEF, Phase.AGREEMENT},
    ),
    Action.VOTE: ({Role.RESPONDER}, {Phase.DEBRIEF, Phase.AGREEMENT}),
    Action.MARK_KEPT: ({Role.COACH, Role.FACILITATOR}, {Phase.DEBRIEF, Phase.AGREEMENT}),
    Action.RUN_GAME: ({Role.FACILITATOR}, set(Phase)),
    # Any phase: the round reviewed must be finished, which the service checks (not the phase).
    Action.ANNOTATE_REPLAY: ({Role.COACH, Role.FACILITATOR}, set(Phase)),
    Action.RAISE_HAND: (set(Role), set(Phase)),
}


def check_allowed(action: Action, *, role: Role, phase: Phase) -> None:
    """The one permission rule set, used by the socket and the API alike."""
    roles, phases = _WHO_MAY[action]
    if role not in roles:
        allowed = ", ".join(sorted(roles))
        raise GameError(
            ErrorCode.NOT_ALLOWED, f"Only the {allowed} may {action.replace('_', ' ')}."
        )
    if phase not in phases:
        allowed = ", ".join(sorted(phases))
        raise GameError(
            ErrorCode.WRONG_PHASE,
            f"{action.replace('_', ' ').capitalize()} is possible during {allowed}, not {phase}.",
        )
