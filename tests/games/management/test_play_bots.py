"""`manage.py play_bots` plays a whole game against a running server and prints its summary; the
facilitator it plays for can watch it in their console, at a pace a room could follow."""

import asyncio
import itertools
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from games.bots.client import Bot
from games.models import Event, Game
from tests import factories
from tests.games.realtime.client import facilitator_cookie
from tests.servers import RunningServer, daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]


def play_bots(**options) -> str:
    out = StringIO()
    call_command("play_bots", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def facilitator():
    """The facilitator `make run` creates."""
    return factories.UserFactory.create(username="facilitator")


def test_bots_play_every_round_and_print_the_mood_per_round(facilitator):
    version = factories.scenario_version()

    with daphne_server() as server:
        out = play_bots(scenario=version.scenario.slug, players=4, rounds=2, url=server.ws_url)

    game = Game.objects.get()
    finished = Event.objects.get(game=game, type="phase.changed", payload__phase="finished")
    lines = out.splitlines()
    assert f"Game {game.code}: 2 rounds, {finished.seq} events" in lines
    header = lines.index("round  messages  worst mood  final mood  time to calm")
    rounds = [line.split() for line in lines[header + 1 : header + 3]]
    assert [row[0] for row in rounds] == ["1", "2"]
    assert all(re.fullmatch(r"\d+:\d\d|never", row[-1]) for row in rounds), "calm as m:ss"
    assert game.phase == "finished"
    assert game.participants.count() == 4


def test_without_a_url_the_bots_play_on_the_port_the_server_was_started_with(facilitator, settings):
    version = factories.scenario_version()

    with daphne_server() as server:
        settings.PORT = server.port
        play_bots(scenario=version.scenario.slug, players=3, rounds=1)

    assert Game.objects.get().phase == "finished"


def test_an_http_url_as_make_run_prints_it_is_understood(facilitator):
    version = factories.scenario_version()

    with daphne_server() as server:
        play_bots(scenario=version.scenario.slug, players=3, rounds=1, url=server.http_url + "/")

    assert Game.objects.get().phase == "finished"


def console_connects(server: RunningServer, user, code: str) -> bool:
    """Whether the console of `user`'s signed-in browser gets the game (rather than hanging)."""
    console = Bot(
        "console", server.ws_url, server.origin, cookie=facilitator_cookie(user)[1].decode()
    )

    async def connect() -> bool:
        try:
            await console.connect(code)
            return console.snapshot["game"]["code"] == code
        finally:
            await console.close()

    return asyncio.run(connect())


def test_the_game_is_the_signed_in_facilitators_and_its_console_link_opens_for_them(facilitator):
    version = factories.scenario_version()

    with daphne_server() as server:
        out = play_bots(scenario=version.scenario.slug, players=3, rounds=1, url=server.ws_url)
        game = Game.objects.get()

        assert game.facilitator == facilitator
        assert f"{server.http_url}/facilitate/{game.code}" in out.splitlines()[0]
        assert console_connects(server, facilitator, game.code)


def test_the_bots_play_for_the_facilitator_named(facilitator):
    fran = factories.UserFactory.create(username="fran")
    version = factories.scenario_version()

    with daphne_server() as server:
        play_bots(
            scenario=version.scenario.slug,
            players=3,
            rounds=1,
            url=server.ws_url,
            facilitator="fran",
        )

    assert Game.objects.get().facilitator == fran


def test_an_unknown_facilitator_is_refused_before_anything_is_created(facilitator):
    with pytest.raises(CommandError, match="No active facilitator is called 'nobody'"):
        play_bots(scenario="x", facilitator="nobody", url="ws://127.0.0.1:1")
    assert not Game.objects.exists()


def test_at_a_set_pace_every_message_waits_that_long_after_the_one_before(facilitator):
    version = factories.scenario_version()

    with daphne_server() as server:
        play_bots(
            scenario=version.scenario.slug, players=3, rounds=1, url=server.ws_url, pace="0.2"
        )

    posted = Event.objects.filter(type="message.posted").order_by("seq")
    gaps = [after.created_at - before.created_at for before, after in itertools.pairwise(posted)]
    assert len(gaps) > 5
    assert min(gaps) >= timedelta(seconds=0.2)


def test_a_pace_that_is_neither_a_name_nor_seconds_is_refused_with_the_choices(facilitator):
    with pytest.raises(CommandError, match=r"--pace.*fast.*human.*seconds"):
        play_bots(scenario="x", pace="slowish", url="ws://127.0.0.1:1")
    assert not Game.objects.exists()


def test_an_unknown_scenario_is_reported_with_what_the_server_said(facilitator):
    with daphne_server() as server, pytest.raises(CommandError, match="scenario"):
        play_bots(scenario="no-such-scenario", url=server.ws_url)


def test_nothing_listening_is_reported_with_how_to_name_the_server(facilitator, settings):
    settings.PORT = 1

    with pytest.raises(CommandError, match=r"127\.0\.0\.1:1.*make run.*PORT.*--url"):
        play_bots(scenario="x")


def test_a_url_that_is_not_a_server_url_is_refused_before_anything_is_created():
    with pytest.raises(CommandError, match="ws://host:port"):
        play_bots(scenario="x", url="ftp://127.0.0.1:8000")
    assert not Game.objects.exists()
