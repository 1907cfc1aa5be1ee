"""Old snapshot + events = fresh snapshot (Zulip's test), for every seat and every command.

tests/games/folding.py records a scripted game; the browser's store folds each seat's events into
its snapshot in frontend/src/state/folding.test.ts (vitest, `make test` runs it) and must reach
the fresh snapshot the server would send. This test keeps the committed record current: it fails
when the server's snapshots or events changed, and UPDATE_FOLDING=1 rewrites it.
"""

import os
from datetime import UTC, datetime

import pytest
import time_machine

from tests.games.folding import FIXTURE, normalised, recorded_round


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_recorded_game_the_browser_folds_is_the_server_s_own():
    # The clock held still and the ids from 1: the record is the same on every run.
    with time_machine.travel(datetime(2026, 12, 6, 10, 0, tzinfo=UTC), tick=False):
        record = recorded_round()
        code = record["start"]["facilitator"]["game"]["code"]
    rendered = normalised(record, code)
    if os.environ.get("UPDATE_FOLDING") == "1":
        FIXTURE.write_text(rendered, encoding="utf-8")
    assert FIXTURE.read_text(encoding="utf-8") == rendered, (
        "frontend/src/state/folding.fixtures.json is stale: run "
        "UPDATE_FOLDING=1 pytest tests/games/test_snapshot_folding.py, then `npm test` in frontend"
    )
    steps = {step["command"] for step in record["steps"]}
    assert {"set_mood", "fire_inject: team", "vote 2", "swap_seats: round 3"} <= steps
