"""A snapshot reads one round of the log from the database, not the whole game."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from games.engine.roles import Role
from games.models import Game, SeatAssignment
from games.selectors import Viewer, snapshot_for
from games.services.actors import actor_for_participant
from games.services.conversation import coach_note
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_snapshot_fetches_only_the_current_rounds_events():
    game = factories.game(players=3, total_rounds=4)
    factories.advance_to(game, "live", 4)
    seat = SeatAssignment.objects.get(game=game, round_number=4, role=Role.COACH)

    with CaptureQueriesContext(connection) as captured:
        snapshot = snapshot_for(game, Viewer(participant=seat.participant))

    assert {event["round"] for event in snapshot["events"]} == {4}
    log_reads = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "games_event"' in q["sql"] and '"seq" >' in q["sql"]
    ]
    assert log_reads, "the snapshot reads the log"
    assert all('"round_number" = ' in sql for sql in log_reads), log_reads


def test_a_snapshot_holds_no_event_past_its_own_seq_so_none_arrives_twice():
    game = factories.game(players=3)
    factories.advance_to(game, "live", 1)
    read_at = Game.objects.get(pk=game.pk)  # the snapshot's view of the game...
    coach = SeatAssignment.objects.get(game=game, round_number=1, role=Role.COACH)
    factories.act(game, coach_note, by=actor_for_participant(game, coach.participant), text="Hm.")

    snapshot = snapshot_for(read_at, Viewer(participant=coach.participant))  # ...then a commit

    assert snapshot["seq"] == read_at.last_seq
    assert all(event["seq"] <= snapshot["seq"] for event in snapshot["events"])
