"""Who may read each audience and who may do what, in which phase: one rule set for every edge."""

import pytest

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, can_read, check_allowed

READERS = {
    Audience.EVERYONE: set(Role),
    Audience.ROOM: set(Role),
    Audience.HUDDLE: {Role.RESPONDER, Role.COACH, Role.FACILITATOR},
    Audience.TEAM: {Role.RESPONDER, Role.COACH, Role.FACILITATOR},
    Audience.CUSTOMER: {Role.CUSTOMER, Role.COACH, Role.FACILITATOR},
    Audience.COACH: {Role.COACH, Role.FACILITATOR},
    Audience.PARTICIPANT: {Role.FACILITATOR},
}


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("role", list(Role))
def test_every_role_against_every_audience(audience, role):
    allowed = can_read(audience, role=role, viewer_id=7, addressee_id=8)

    assert allowed is (role in READERS[audience])


def test_a_private_event_reaches_its_addressee_whatever_their_seat():
    assert can_read(Audience.PARTICIPANT, role=Role.OBSERVER, viewer_id=8, addressee_id=8)


@pytest.mark.parametrize(
    ("action", "role", "phase", "code"),
    [
        (Action.POST_ROOM, Role.COACH, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.POST_ROOM, Role.OBSERVER, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.POST_ROOM, Role.RESPONDER, Phase.DEBRIEF, ErrorCode.WRONG_PHASE),
        (Action.POST_HUDDLE, Role.CUSTOMER, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.SET_MOOD, Role.RESPONDER, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.SET_MOOD, Role.CUSTOMER, Phase.BRIEFING, ErrorCode.WRONG_PHASE),
        (Action.WRITE_COACH_NOTE, Role.RESPONDER, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.FIRE_INJECT, Role.CUSTOMER, Phase.LIVE, ErrorCode.NOT_ALLOWED),
        (Action.RUN_GAME, Role.COACH, Phase.LOBBY, ErrorCode.NOT_ALLOWED),
    ],
)
def test_the_wrong_person_or_the_wrong_phase_is_refused_with_a_code(action, role, phase, code):
    with pytest.raises(GameError) as refused:
        check_allowed(action, role=role, phase=phase)

    assert refused.value.code is code


@pytest.mark.parametrize(
    ("action", "role", "phase"),
    [
        (Action.POST_ROOM, Role.CUSTOMER, Phase.LIVE),
        (Action.POST_ROOM, Role.RESPONDER, Phase.LIVE),
        (Action.POST_HUDDLE, Role.COACH, Phase.BRIEFING),
        (Action.SET_MOOD, Role.CUSTOMER, Phase.LIVE),
        (Action.WRITE_COACH_NOTE, Role.FACILITATOR, Phase.DEBRIEF),
        (Action.FIRE_INJECT, Role.COACH, Phase.LIVE),
        (Action.RUN_GAME, Role.FACILITATOR, Phase.AGREEMENT),
    ],
)
def test_the_right_person_in_the_right_phase_may_act(action, role, phase):
    check_allowed(action, role=role, phase=phase)
