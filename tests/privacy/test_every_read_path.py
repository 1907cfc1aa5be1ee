"""The privacy contract: each seat reads only what its screen shows, through every read path.

A round is played with a secret planted in every private thing (the huddle, the coach's notes
and tags, the escalation's reason, the customer's ratings, each side's inject, the scenario's
private facts and what the customer does not know). At each checkpoint every seat walks every
read path (tests/privacy/reads.py: the socket and every GET endpoint, found from the URL map)
and the secrets it reads must be exactly those its seat may read then. A new read path is
walked the day it is added; a new secret belongs in SECRETS with its readers.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from days.models import DayMember, DayTable
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment
from games.services import coaching
from games.services.actors import Actor, actor_for_participant
from games.services.conversation import coach_note, inject_fire, message_post
from games.services.participants import participant_join, replays_open
from games.services.sharing import game_access_of, game_share
from organisations.roles import ShareRole
from organisations.tokens import api_token_create
from scenarios.services import scenario_version_import
from tests import factories
from tests.privacy.reads import everything_read, member_reads

pytestmark = pytest.mark.django_db

FACILITATOR = "the facilitator"


def secret_scenario() -> dict:
    document = factories.scenario_document()
    customer = document["customer"]
    customer["does_not_know"] = ["SECRET-does-not-know"]
    customer["hidden_facts"][0]["fact"] = "SECRET-hidden-fact"
    for seat in document["responders"]:
        seat["private_facts"] = [f"SECRET-private-{seat['function']}"]
    document["coach"]["great_round"] = "SECRET-great-round"
    document["injects"][0]["team_text"] = "SECRET-team-inject"
    document["injects"][1]["customer_text"] = "SECRET-customer-inject"
    return document


@dataclass
class Table:
    """The game, its people by name, and their tokens."""

    game: Game
    people: dict[str, Participant]
    tokens: dict[str, str]

    def roles(self, round_number: int) -> dict[str, Role]:
        seats = SeatAssignment.objects.filter(game=self.game, round_number=round_number)
        return {seat.participant.display_name: Role(seat.role) for seat in seats}

    def holding(self, round_number: int, role: Role, function: str | None = None) -> set[str]:
        seats = SeatAssignment.objects.filter(game=self.game, round_number=round_number, role=role)
        return {
            seat.participant.display_name
            for seat in seats
            if function is None or function in seat.functions
        }

    def everyone(self) -> set[str]:
        return set(self.people)

    def actor(self, round_number: int, role: Role) -> Actor:
        (name,) = sorted(self.holding(round_number, role))[:1]
        return actor_for_participant(self.game, self.people[name])

    def join(self, name: str, *, observer: bool = False) -> None:
        participant, token = participant_join(
            code=self.game.code, display_name=name, observer=observer
        )
        self.people[name], self.tokens[name] = participant, token


def in_a_training_day(table: Table) -> None:
    """The game is a table of a training day its people joined: the day's reads are walked
    too, with each person's player token and their day token."""
    day = factories.day(facilitator=table.game.facilitator)
    day_table = DayTable.objects.create(
        day=day, number=1, scenario_version=table.game.scenario_version, game=table.game
    )
    for name, participant in table.people.items():
        DayMember.objects.create(
            day=day,
            display_name=name,
            name_key=name.casefold(),
            token_nonce=f"nonce-{name}",
            table=day_table,
            participant=participant,
        )


def played_into_live() -> Table:
    game = factories.game(scenario=secret_scenario())
    table = Table(game=game, people={}, tokens={})
    for name in ("Ann", "Ben", "Cat", "Dev"):
        table.join(name)
    table.join("Obi", observer=True)
    in_a_training_day(table)
    factories.advance_to(game, Phase.BRIEFING, 1)
    responder = table.actor(1, Role.RESPONDER)
    factories.act(game, message_post, by=responder, channel="huddle", text="SECRET-huddle")
    factories.advance_to(game, Phase.LIVE, 1)
    coach, customer = table.actor(1, Role.COACH), table.actor(1, Role.CUSTOMER)
    said = factories.act(game, message_post, by=responder, channel="room", text="Hello.")
    factories.act(game, coach_note, by=coach, text="SECRET-note")
    factories.act(
        game,
        coaching.tag_add,
        by=coach,
        technique="dismiss",
        note="SECRET-tag",
        message_seq=said.seq,
    )
    factories.act(game, inject_fire, by=coach, inject_id="truck-update")
    factories.act(game, inject_fire, by=coach, inject_id="client-calls")
    factories.act(game, coaching.escalation_play, by=customer, card="review", why="SECRET-why")
    factories.act(
        game,
        coaching.round_rate,
        by=customer,
        listened=2,
        cared=2,
        valued=2,
        final_mood=7,
        would_stay="maybe",
        calmer="SECRET-calmer",
    )
    return table


def expected_readers(table: Table, current: int, revealed: bool) -> dict[str, set[str]]:
    """Who may read each secret: by the seat held in round 1 for what happened in it, by the
    seat held now for the scenario's briefs; the facilitator everything."""
    r1 = {role: table.holding(1, role) for role in Role}
    now = {role: table.holding(current, role) for role in Role}
    debrief_or_later = table.everyone() if revealed else set()
    return {
        "SECRET-huddle": r1[Role.RESPONDER] | r1[Role.COACH],
        "SECRET-note": r1[Role.COACH] | debrief_or_later,
        "SECRET-tag": r1[Role.COACH] | debrief_or_later,
        "SECRET-calmer": r1[Role.COACH] | r1[Role.CUSTOMER] | debrief_or_later,
        "SECRET-why": r1[Role.COACH],
        "SECRET-team-inject": r1[Role.RESPONDER] | r1[Role.COACH] | now[Role.COACH],
        "SECRET-customer-inject": r1[Role.CUSTOMER] | r1[Role.COACH] | now[Role.COACH],
        "SECRET-does-not-know": now[Role.COACH],
        "SECRET-hidden-fact": now[Role.CUSTOMER] | now[Role.COACH],
        "SECRET-great-round": now[Role.COACH],
        **{
            f"SECRET-private-{function}": table.holding(current, Role.RESPONDER, function)
            | now[Role.COACH]
            for function in ("account-manager", "logistics")
        },
    }


def leaks_and_gaps(table: Table, current: int, revealed: bool) -> list[str]:
    """Every secret a seat read that it may not (with the path), and every secret it may read
    that its own screen (the socket) does not carry."""
    expected = expected_readers(table, current, revealed)
    problems: list[str] = []
    seats: list[tuple[str, Participant | None, str | None]] = [
        (FACILITATOR, None, None),
        *((name, person, table.tokens[name]) for name, person in table.people.items()),
    ]
    for name, participant, token in seats:
        for path, text in everything_read(table.game, participant, token).items():
            for secret, readers in expected.items():
                allowed = name == FACILITATOR or name in readers
                if secret in text and not allowed:
                    problems.append(
                        f"{name} ({role_of(table, name, current)}) reads {secret} via {path}"
                    )
        socket = "".join(
            everything_read(table.game, participant, token)[p]
            for p in ("socket snapshot", "socket events")
        )
        for secret, readers in expected.items():
            if (name == FACILITATOR or name in readers) and secret not in socket:
                problems.append(
                    f"{name} ({role_of(table, name, current)}) misses {secret} on its screen"
                )
    return problems


def role_of(table: Table, name: str, round_number: int) -> str:
    return str(
        table.roles(round_number).get(name, "facilitator" if name == FACILITATOR else "observer")
    )


Step = Callable[[Table], None]


def to_debrief(table: Table) -> None:
    factories.advance_to(table.game, Phase.DEBRIEF, 1)


def to_round_two_with_a_late_joiner(table: Table) -> None:
    factories.advance_to(table.game, Phase.BRIEFING, 2)
    table.join("Zed")


def with_replays_open(table: Table) -> None:
    to_round_two_with_a_late_joiner(table)
    by = Actor(role=Role.FACILITATOR, user=table.game.facilitator)
    factories.act(table.game, replays_open, by=by, open=True)


@pytest.mark.parametrize(
    ("checkpoint", "steps", "current", "revealed"),
    [
        ("live", [], 1, False),
        ("debrief", [to_debrief], 1, True),
        ("round 2, a late joiner, replays closed", [to_round_two_with_a_late_joiner], 2, True),
        ("round 2, replays open", [with_replays_open], 2, True),
    ],
)
def test_every_seat_reads_only_what_its_screen_shows(checkpoint, steps, current, revealed):
    table = played_into_live()
    for step in steps:
        step(table)

    assert leaks_and_gaps(table, current, revealed) == [], checkpoint


SECRETS = [
    "SECRET-huddle",
    "SECRET-note",
    "SECRET-tag",
    "SECRET-why",
    "SECRET-calmer",
    "SECRET-private-account-manager",
    "SECRET-hidden-fact",
]


def test_a_member_of_another_organisation_reads_nothing_of_its_games_or_scenarios():
    table = played_into_live()
    to_debrief(table)
    theirs = factories.parsed_scenario(id="their-secret-incident", summary="SECRET-summary")
    scenario_version_import(parsed=theirs, organisation=table.game.organisation)
    outsider = factories.UserFactory.create(membership="owner", membership__organisation="other")

    read = member_reads(table.game, "their-secret-incident", outsider)

    leaks = [
        f"{path} ({status}) shows {secret}"
        for path, (status, text) in read.items()
        for secret in [*SECRETS, "SECRET-summary"]
        if secret in text
    ]
    assert leaks == []
    assert "their-secret-incident" not in read["GET /api/v1/scenarios/"][1]
    scenario_paths = {
        path: status for path, (status, _) in read.items() if "secret-incident" in path
    }
    assert set(scenario_paths.values()) == {404}
    game_paths = {
        path: status
        for path, (status, _) in read.items()
        if "/games/" in path and path != "GET /api/v1/games/"
    }
    assert set(game_paths.values()) == {404}
    assert game_access_of(table.game, outsider) is None


def test_api_tokens_are_read_only_by_their_owner_and_their_organisations_admins_never_a_key():
    table = played_into_live()
    made = api_token_create(user=table.game.facilitator, name="SECRET-token-name")
    colleague = factories.UserFactory.create()
    admin = factories.UserFactory.create(membership="admin")
    outsider = factories.UserFactory.create(membership="owner", membership__organisation="other")

    reads = {
        who: member_reads(table.game, "short-shipment", user)
        for who, user in [
            ("owner", table.game.facilitator),
            ("colleague", colleague),
            ("admin", admin),
            ("outsider", outsider),
        ]
    }

    def shows(who: str, text: str) -> list[str]:
        return [path for path, (_, body) in reads[who].items() if text in body]

    assert all(shows(who, made.key) == [] for who in reads)
    assert all(shows(who, made.token.digest) == [] for who in reads)
    assert shows("owner", "SECRET-token-name") == ["GET /api/v1/tokens/"]
    assert shows("admin", "SECRET-token-name") == ["GET /api/v1/organisation/tokens/"]
    assert shows("colleague", "SECRET-token-name") == []
    assert shows("outsider", "SECRET-token-name") == []
    assert shows("outsider", made.token.token_key) == []


def test_a_member_of_the_same_organisation_reads_a_game_only_once_it_is_shared_with_them():
    table = played_into_live()
    colleague = factories.UserFactory.create()

    before = member_reads(table.game, "short-shipment", colleague)
    game_share(
        game=table.game, by=table.game.facilitator, user_id=colleague.pk, role=ShareRole.OBSERVER
    )
    after = member_reads(table.game, "short-shipment", colleague)

    game_paths = [path for path in before if "/games/" in path and path != "GET /api/v1/games/"]
    assert {before[path][0] for path in game_paths} == {404}
    assert all(secret not in before[path][1] for path in game_paths for secret in SECRETS)
    assert "SECRET-huddle" in after[f"GET /api/v1/games/{table.game.code}/events/"][1]
