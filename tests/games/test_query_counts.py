"""The database work of a command does not grow with the table or the log.

A message, a mood change, a coach tag and every phase change of a round cost the same number of
queries with 3 players as with 12, and after 10 earlier events as after 500. The counts are those
of the socket's command path (`command_run`: lock the game, check for a retry, read the actor's
seat, write), pinned here so a change that adds a query, or a query per player or per event,
fails a test. Savepoints are left out: they exist only because each test runs in a transaction.
The figures are SQLite's; PostgreSQL writes each event and the game's log position in one
statement where SQLite needs two, so there a command costs one query less per event it appends.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from games import protocol
from games.commands import command_run
from games.engine.roles import Role
from games.models import Event, Game, Participant, SeatAssignment
from games.selectors import logged_seq
from games.services.command_sql import lock_for_command
from games.services.events import Command
from organisations.selectors import membership_of
from scenarios.selectors import scenario_spec
from tests import factories

pytestmark = pytest.mark.django_db

# The game's lock (with the retry check and the sender's seat), the log position, the event.
POST_MESSAGE_QUERIES = 3
SET_MOOD_QUERIES = 3  # who may see the mood comes from the parsed scenario
ADD_TAG_QUERIES = 4  # + the tagged message (the techniques come from the parsed scenario)
# Leaving each phase of a round, as the facilitator: the new clock, a look by the clock asked
# for (its tick works out when the game is next due), the events.
PHASE_CHANGE_QUERIES = {"briefing": 7, "live": 7, "debrief": 4, "agreement": 14}

SIZES = [(3, 10), (12, 10), (3, 500), (12, 500)]
SIZE_IDS = [f"{players}-players-{events}-earlier-events" for players, events in SIZES]


def live_game(*, players: int, earlier_events: int) -> Game:
    """A game in its first live phase with `players` seated and `earlier_events` room messages
    already in the log of this round (the worst case for anything that reads the round)."""
    game = factories.game()
    for number in range(players):
        factories.join(game, f"Player {number + 1}")
    factories.advance_to(game, "live", 1)
    customer = seat(game, Role.CUSTOMER)
    for number in range(earlier_events):
        message = protocol.PostMessage(
            type="post_message", client_msg_id=f"earlier-{number}", channel="room", text="Hello"
        )
        run(game, customer, message)
    game.refresh_from_db()
    scenario_spec(game.scenario_version_id)  # parsed once per process, then cached: not per command
    return game


def seat(game: Game, role: Role) -> Participant:
    seats = SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=role)
    first = seats.select_related("participant").first()
    assert first is not None, f"nobody sits as {role}"
    return first.participant


def run(game: Game, participant: Participant | None, message: protocol.Command) -> Event:
    user = game.facilitator if participant is None else None
    return command_run(game_id=game.pk, message=message, participant=participant, user=user)


def queries_for(game: Game, participant: Participant | None, message: protocol.Command) -> int:
    """The queries the command ran, counted as SQLite runs them (see the module's docstring)."""
    logged_before = logged_seq(game.pk)
    if participant is None:
        # The socket holds its signed-in user, with their membership, for the connection.
        membership_of(game.facilitator)
    with CaptureQueriesContext(connection) as captured:
        run(game, participant, message)
    count = sum(
        1
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )
    appended = logged_seq(game.pk) - logged_before
    return count + appended if connection.vendor == "postgresql" else count


@pytest.mark.parametrize(("players", "earlier_events"), SIZES, ids=SIZE_IDS)
def test_posting_a_message_costs_the_same_whatever_the_table_and_the_log(players, earlier_events):
    game = live_game(players=players, earlier_events=earlier_events)
    responder = seat(game, Role.RESPONDER)

    count = queries_for(
        game,
        responder,
        protocol.PostMessage(
            type="post_message", client_msg_id="measured", channel="room", text="I hear you."
        ),
    )

    assert count == POST_MESSAGE_QUERIES


@pytest.mark.parametrize(("players", "earlier_events"), SIZES, ids=SIZE_IDS)
def test_a_mood_change_and_a_coach_tag_cost_the_same_whatever_the_table_and_the_log(
    players, earlier_events
):
    game = live_game(players=players, earlier_events=earlier_events)
    customer, coach = seat(game, Role.CUSTOMER), seat(game, Role.COACH)
    said = protocol.PostMessage(
        type="post_message", client_msg_id="team", channel="room", text="I hear you."
    )
    run(game, seat(game, Role.RESPONDER), said)  # a coach tags the team's words
    tagged = Event.objects.filter(game=game, type="message.posted").order_by("seq").last()
    assert tagged is not None

    mood = queries_for(
        game, customer, protocol.SetMood(type="set_mood", client_msg_id="mood", mood=5)
    )
    tag = queries_for(
        game,
        coach,
        protocol.AddTag(
            type="add_tag", client_msg_id="tag", technique="acknowledge", message=tagged.seq
        ),
    )

    assert (mood, tag) == (SET_MOOD_QUERIES, ADD_TAG_QUERIES)


@pytest.mark.parametrize(("players", "earlier_events"), SIZES, ids=SIZE_IDS)
def test_every_phase_change_of_a_round_costs_the_same_whatever_the_table_and_the_log(
    players, earlier_events
):
    game = live_game(players=players, earlier_events=earlier_events)

    counts = {}
    for leaving in ("live", "debrief", "agreement", "briefing"):
        counts[leaving] = queries_for(
            game,
            None,
            protocol.AdvancePhase(
                type="advance_phase",
                client_msg_id=f"leave-{leaving}",
                expected_phase=leaving,
                override_reason=factories.SKIP_AGREEMENT if leaving == "agreement" else "",
            ),
        )

    assert counts == PHASE_CHANGE_QUERIES


@pytest.mark.parametrize("with_sender", [False, True], ids=["facilitator", "player"])
def test_the_retry_check_finds_a_command_through_its_index_not_by_reading_the_log(with_sender):
    game = live_game(players=3, earlier_events=10)
    earlier = Event.objects.get(game=game, client_msg_id="earlier-3")
    retry = Command(actor_key=earlier.actor_key, client_msg_id="earlier-3")
    sender_id = earlier.actor_id if with_sender else None
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        replayed_seq = lock_for_command(
            game.pk,
            actor_key=retry.actor_key,
            client_msg_id=retry.client_msg_id,
            sender_id=sender_id,
        ).replayed_seq
    (sql,) = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]

    assert replayed_seq == earlier.seq
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
        cursor.execute(f"{explain} {sql}")
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "one_event_per_command" in plan, plan
