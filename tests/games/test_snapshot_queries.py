"""A snapshot reads one round of the log from the database, not the whole game."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from games.engine.roles import Role
from games.models import SeatAssignment
from games.selectors import Viewer, snapshot_for
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
