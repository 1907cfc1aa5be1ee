"""The permission matrix: every game endpoint against every kind of caller.

The API has no rules of its own. Reads show each seat what its socket shows it; writes are the
socket's commands and the engine's `check_allowed` decides them. This table pins the result: one
row per endpoint, the phase it is tried in, and the status each caller gets. Refused callers
all try one game (a refusal changes nothing); each caller who may act gets a fresh one.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from games.services.actors import Actor, actor_for_participant
from games.services.coaching import change_force, change_propose, tag_add
from games.services.conversation import message_post
from games.services.participants import replays_open
from games.services.rounds import clock_freeze, clock_pause
from games.services.sharing import game_share
from games.services.suggestions import suggestions_offer
from organisations.roles import ShareRole
from tests import factories
from tests.games.api.clients import player_client

pytestmark = pytest.mark.django_db

ROLES = [
    "facilitator",
    "coach",
    "customer",
    "responder",
    "observer",
    "other",
    "anonymous",
    "co_facilitator",
    "game_observer",
    "member",
    "outsider",
    "org_observer",
]

# fmt: off
# "@/" is games/{code}/. Callers: the facilitator, this round's coach, customer and a responder,
# an observer, a player of another game, someone with no credentials; then members of the
# organisation: a co-facilitator (cof) and an observer (gob) the game is shared with, a
# facilitator it is not shared with (mem), a facilitator of another organisation (out), and a
# member whose role in the organisation is observer, shared the game as co-facilitator (oob:
# an observer of the organisation never runs a game).
#   endpoint                                  phase         fac  coa  cus  res  obs  oth  anon cof  gob  mem  out  oob
MATRIX = [
    ("GET    games/",                         "live",       200, 403, 403, 403, 403, 403, 401, 200, 200, 200, 200, 200),
    ("POST   games/",                         "live",       201, 403, 403, 403, 403, 403, 401, 201, 201, 201, 201, 403),
    ("GET    @/",                             "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/settings/",                    "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("PATCH  @/settings/",                    "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/advance/",                     "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/clock/pause/",                 "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/clock/resume/",                "paused",     200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/clock/extend/",                "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/clock/freeze/",                "live",       200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/clock/unfreeze/",              "frozen",     200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/injects/",                     "live",       201, 201, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("POST   @/customer-seat/",               "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/announcements/",               "live",       201, 403, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("POST   @/hand/",                        "live",       200, 200, 200, 200, 200, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/wall/",                        "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("PATCH  @/replays/",                     "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/scripted-customer/",           "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/join/",                        "live",       201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201),
    ("GET    @/participants/",                "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("DELETE @/participants/{observer}/",     "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("GET    @/export/",                      "live",       200, 403, 403, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("GET    @/export/transcript.csv",        "live",       200, 403, 403, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("GET    @/export/rounds.csv",            "live",       200, 403, 403, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   games/import/",                  "live",       400, 403, 403, 403, 403, 403, 401, 400, 400, 400, 400, 403),
    ("GET    @/comparison/",                  "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/report.pdf",                   "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/rounds/",                      "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/rounds/1/",                    "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/rounds/1/outcome/",            "live",       200, 409, 409, 409, 409, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/rounds/1/outcome/",            "debrief",    200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/rounds/2/swap/",               "live",       200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("GET    @/rounds/1/replay/",             "live",       200, 409, 409, 409, 409, 403, 401, 200, 200, 404, 404, 200),
    # Players replay only once the facilitator opens the replays, and only their own seat: the
    # team's view is round 2's coach's, customer's and responder's own (they were responders or
    # coach in round 1); the observer held no seat.
    ("GET    @/rounds/1/replay/",             "briefing2",  200, 403, 403, 403, 403, 403, 401, 200, 200, 404, 404, 200),
    ("GET    @/rounds/1/replay/",             "replays-open", 200, 200, 200, 200, 403, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/annotations/",                 "live",       409, 409, 403, 403, 403, 403, 401, 409, 403, 404, 404, 403),
    # (round 2's responder is the one who coached round 1: only they may annotate its replay)
    ("POST   @/annotations/",                 "briefing2",  201, 403, 403, 201, 403, 403, 401, 201, 403, 404, 404, 403),
    ("GET    @/events/",                      "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/messages/",                    "live",       403, 403, 201, 201, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   @/mood/",                        "live",       403, 403, 200, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   @/notes/",                       "live",       201, 201, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("POST   @/escalations/",                 "live",       403, 403, 201, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   @/concessions/",                 "live",       403, 403, 403, 201, 403, 403, 401, 403, 403, 404, 404, 403),
    ("GET    @/tags/",                        "live",       200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/tags/",                        "live",       201, 201, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("PATCH  @/tags/{tag}/",                  "tagged",     200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("DELETE @/tags/{tag}/",                  "tagged",     200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("POST   @/suggestions/dismiss/",         "suggested",  200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("GET    @/feedback/",                    "debrief",    200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/feedback/",                    "debrief",    201, 201, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("GET    @/ratings/",                     "debrief",    200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/ratings/customer/",            "debrief",    403, 403, 201, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   @/ratings/rubric/",              "debrief",    201, 201, 403, 403, 403, 403, 401, 201, 403, 404, 404, 403),
    ("POST   @/reflections/",                 "debrief",    403, 403, 403, 201, 403, 403, 401, 403, 403, 404, 404, 403),
    ("GET    @/proposals/",                   "agreement",  200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/proposals/",                   "agreement",  201, 201, 201, 201, 403, 403, 401, 201, 403, 404, 404, 403),
    ("POST   @/proposals/{proposal}/votes/",  "agreement",  403, 403, 403, 201, 403, 403, 401, 403, 403, 404, 404, 403),
    ("POST   @/proposals/{proposal}/force/",  "agreement",  200, 403, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("GET    @/changes/",                     "agreement",  200, 200, 200, 200, 200, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/changes/{change}/kept/",       "debrief2",   200, 200, 403, 403, 403, 403, 401, 200, 403, 404, 404, 403),
    ("GET    @/shares/",                      "live",       200, 403, 403, 403, 403, 403, 401, 200, 200, 404, 404, 200),
    ("POST   @/shares/",                      "live",       201, 403, 403, 403, 403, 403, 401, 403, 403, 404, 404, 403),
    ("DELETE @/shares/{shared}/",             "live",       204, 403, 403, 403, 403, 403, 401, 403, 403, 404, 404, 403),
]
# fmt: on

BODIES: dict[str, Any] = {
    "POST games/": {"scenario": "short-shipment"},
    "PATCH @/settings/": {"locked": True},
    "PATCH @/replays/": {"open": True},
    "POST @/clock/extend/": {"seconds": 60},
    "POST @/clock/freeze/": {"reason": "Listen to that."},
    "POST @/injects/": {"inject": "client-calls"},
    "POST @/customer-seat/": {"participant": "{responder}"},
    "POST @/announcements/": {"text": "Five minutes left."},
    "POST @/hand/": {"raised": True},
    "POST @/wall/": {"view": "compare"},
    "POST @/join/": {"name": "Zed"},
    "POST @/rounds/2/swap/": {"first": "{round2_first}", "second": "{round2_second}"},
    "GET @/rounds/1/replay/": {"perspective": "team"},
    "POST @/annotations/": {"round": 1, "at_seconds": 12.5, "text": "Here she calmed down."},
    "POST @/messages/": {"channel": "room", "text": "I hear you."},
    "POST @/mood/": {"mood": 5},
    "POST @/notes/": {"text": "Good apology."},
    "POST @/escalations/": {"card": "review", "why": "Nobody listens."},
    "POST @/concessions/": {"concession": "priority-unload"},
    "POST @/tags/": {"technique": "acknowledge", "note": "Named the fair."},
    "PATCH @/tags/{tag}/": {"note": "Named the fair and the client."},
    "POST @/suggestions/dismiss/": {"message": "{suggested_message}", "technique": "acknowledge"},
    "POST @/feedback/": {"keep": "The apology.", "change": "Say when."},
    "POST @/ratings/customer/": {
        "listened": 4,
        "cared": 3,
        "valued": 3,
        "final_mood": 4,
        "would_stay": "maybe",
    },
    "POST @/ratings/rubric/": {
        "ratings": {
            "acknowledge": "done_well",
            "present_resolution": "attempted",
            "checkback": "not_seen",
        }
    },
    "POST @/reflections/": {"text": "I waited too long."},
    "POST @/proposals/": {"text": "Next time we give a time."},
    "POST @/proposals/{proposal}/votes/": {"accept": True},
    "POST @/proposals/{proposal}/force/": {"reason": "Out of time."},
    "POST @/changes/{change}/kept/": {"kept": True},
    "POST @/shares/": {"user": "{member}", "role": "observer"},
}


@dataclass
class Table:
    """A game in some phase, a client for every kind of caller, and ids to aim at."""

    game: Game
    clients: dict[str, APIClient]
    ids: dict[str, Any] = field(default_factory=dict)


def member_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _facilitator_actor(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def a_suggested_message(game: Game) -> int:
    """A responder acknowledges the customer; the detector suggests the tag."""
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=Role.RESPONDER)[0]
    message = factories.act(
        game,
        message_post,
        by=actor_for_participant(game, seat.participant),
        channel="room",
        text="You're right to be angry, and I can see this has put you in a difficult position.",
    )
    suggestions_offer(message)
    return int(message.seq)


def table_in(phase: str) -> Table:
    """Given a four-player game with an observer, run to `phase` and seat a client per caller."""
    game = factories.game()
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:4]}
    tokens["Obi"] = factories.participant_join_observer(game, "Obi")
    ids: dict[str, Any] = {}
    if phase == "debrief2":
        factories.advance_to(game, Phase.AGREEMENT, 1)
        proposal = factories.act(game, change_propose, by=_facilitator_actor(game), text="Ask.")
        agreed = factories.act(
            game, change_force, by=_facilitator_actor(game), proposal=proposal.seq, reason="Go."
        )
        ids["change"] = agreed.seq
        factories.advance_to(game, Phase.DEBRIEF, 2)
    elif phase in ("briefing2", "replays-open"):  # round 1 is over
        factories.advance_to(game, Phase.BRIEFING, 2)
        if phase == "replays-open":
            factories.act(game, replays_open, by=_facilitator_actor(game), open=True)
    else:
        target = {"paused": "live", "frozen": "live", "tagged": "live", "suggested": "live"}.get(
            phase, phase
        )
        factories.advance_to(game, target, 1)
    if phase == "paused":
        factories.act(game, clock_pause, by=_facilitator_actor(game))
    if phase == "frozen":
        factories.act(game, clock_freeze, by=_facilitator_actor(game))
    if phase == "tagged":
        ids["tag"] = factories.act(
            game, tag_add, by=_facilitator_actor(game), technique="acknowledge"
        ).seq
    if phase == "suggested":
        ids["suggested_message"] = a_suggested_message(game)
    if phase == "agreement":
        ids["proposal"] = factories.act(
            game, change_propose, by=_facilitator_actor(game), text="Next time we call back."
        ).seq
    seats = SeatAssignment.objects.filter(game=game, round_number=game.round_number)
    by_role = {seat.role: seat.participant for seat in seats}
    round2 = SeatAssignment.objects.filter(game=game, round_number=2).exclude(role=Role.OBSERVER)
    ids.update(
        observer=by_role[Role.OBSERVER].pk,
        responder=by_role[Role.RESPONDER].pk,
        round2_first=round2[0].participant_id,
        round2_second=round2[1].participant_id,
    )
    other_game = factories.game()
    members = {
        "co_facilitator": factories.UserFactory.create(),
        "game_observer": factories.UserFactory.create(),
        "member": factories.UserFactory.create(),
        "outsider": factories.UserFactory.create(membership__organisation="elsewhere"),
        "org_observer": factories.UserFactory.create(membership="observer"),
    }
    game_share(
        game=game,
        by=game.facilitator,
        user_id=members["co_facilitator"].pk,
        role=ShareRole.CO_FACILITATOR,
    )
    game_share(
        game=game, by=game.facilitator, user_id=members["game_observer"].pk, role=ShareRole.OBSERVER
    )
    game_share(
        game=game,
        by=game.facilitator,
        user_id=members["org_observer"].pk,
        role=ShareRole.CO_FACILITATOR,
    )
    ids.update(member=members["member"].pk, shared=members["game_observer"].pk)
    facilitator = APIClient()
    facilitator.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(game.facilitator)}")
    clients = {
        "facilitator": facilitator,
        **{
            str(role): player_client(tokens[by_role[role].display_name])
            for role in (Role.COACH, Role.CUSTOMER, Role.RESPONDER, Role.OBSERVER)
        },
        "other": player_client(factories.join(other_game, "Oz")[1]),
        "anonymous": APIClient(),
        **{name: member_client(user) for name, user in members.items()},
    }
    return Table(game=game, clients=clients, ids=ids)


def _filled(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: _filled(item, ids) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


def call(table: Table, role: str, method: str, endpoint: str) -> int:
    body = _filled(BODIES.get(f"{method} {endpoint}"), table.ids)
    path = "/api/v1/" + endpoint.replace("@/", "games/{code}/")
    path = path.format(code=table.game.code, **table.ids)
    client = table.clients[role]
    response = getattr(client, method.lower())(path, body, format="json")
    assert set(response.json()) >= {"code", "message"} if response.status_code >= 400 else True
    return int(response.status_code)


@pytest.mark.parametrize(
    ("endpoint", "phase", "expected"),
    [(endpoint, phase, dict(zip(ROLES, codes, strict=True))) for endpoint, phase, *codes in MATRIX],
    ids=[f"{' '.join(endpoint.split())} ({phase})" for endpoint, phase, *_ in MATRIX],
)
def test_every_caller_gets_what_the_matrix_says(endpoint, phase, expected):
    method, endpoint = endpoint.split()
    refused = table_in(phase)

    statuses = {
        role: call(table_in(phase) if expected[role] < 300 else refused, role, method, endpoint)
        for role in ROLES
    }

    assert statuses == expected


ROUTE_OF = {
    "{code}": "<str:code>",
    "{observer}": "<int:participant>",
    "/1/": "/<int:number>/",
    "/2/": "/<int:number>/",
    "{tag}": "<int:tag>",
    "{proposal}": "<int:proposal>",
    "{change}": "<int:change>",
    "{shared}": "<int:user>",
}


def test_the_matrix_covers_every_game_endpoint():
    routes = {str(pattern.pattern) for pattern in get_resolver("games.api.urls").url_patterns}

    tried = set()
    for endpoint, *_ in MATRIX:
        route = endpoint.split()[1].replace("@/", "games/{code}/")
        for placeholder, converter in ROUTE_OF.items():
            route = route.replace(placeholder, converter)
        tried.add(route)

    assert routes - tried == set()
