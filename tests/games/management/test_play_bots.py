"""`manage.py play_bots` plays a whole game against a running server and prints its summary."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from games.models import Event, Game
from tests import factories
from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]


def test_bots_play_every_round_and_print_the_mood_per_round():
    version = factories.scenario_version()
    out = StringIO()

    with daphne_server() as server:
        call_command(
            "play_bots",
            scenario=version.scenario.slug,
            players=4,
            rounds=2,
            url=server.ws_url,
            stdout=out,
        )

    game = Game.objects.get()
    finished = Event.objects.get(game=game, type="phase.changed", payload__phase="finished")
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Game {game.code}: 2 rounds, {finished.seq} events"
    rounds = [line.split() for line in lines[2:4]]
    assert [row[0] for row in rounds] == ["1", "2"]
    assert game.phase == "finished"
    assert game.participants.count() == 4


def test_an_unknown_scenario_is_reported_with_what_the_server_said():
    with daphne_server() as server, pytest.raises(CommandError, match="scenario"):
        call_command("play_bots", scenario="no-such-scenario", url=server.ws_url, stdout=StringIO())


def test_a_url_that_is_not_a_websocket_url_is_refused_before_anything_is_created():
    with pytest.raises(CommandError, match="ws://host:port"):
        call_command("play_bots", scenario="x", url="http://127.0.0.1:8000", stdout=StringIO())
    assert not Game.objects.exists()
