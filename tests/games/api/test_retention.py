"""Retention (issue #19, point 11): a facilitator deletes a game and everything derived from
it, `purge_games` deletes the games nobody used for a while, and player tokens expire with
their game."""

from datetime import timedelta
from io import StringIO

import pytest
from channels.db import database_sync_to_async
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.models import Connection, Event, Game, Participant, SeatAssignment
from games.realtime import keep_up
from tests import factories
from tests.games.api.clients import facilitator_client, player_client
from tests.games.realtime.client import SocketPlayer

pytestmark = pytest.mark.django_db


def rows_of(game_id: int) -> dict[str, int]:
    return {
        "games": Game.objects.filter(pk=game_id).count(),
        "participants": Participant.objects.filter(game_id=game_id).count(),
        "seats": SeatAssignment.objects.filter(game_id=game_id).count(),
        "events": Event.objects.filter(game_id=game_id).count(),
        "connections": Connection.objects.filter(game_id=game_id).count(),
    }


def test_the_facilitator_deletes_a_game_and_everything_derived_from_it():
    game = factories.game(players=4)
    factories.advance_to(game, Phase.LIVE)
    token = factories.join(game, "Eve")[1]
    assert all(rows_of(game.pk)[kind] for kind in ("games", "participants", "seats", "events"))

    deleted = facilitator_client(game.facilitator).delete(f"/api/v1/games/{game.code}/")

    assert deleted.status_code == 204
    assert rows_of(game.pk) == dict.fromkeys(rows_of(game.pk), 0)
    assert (
        facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/").status_code == 404
    )
    assert player_client(token).get(f"/api/v1/games/{game.code}/events/").status_code == 401


def test_only_the_games_facilitator_may_delete_it():
    game = factories.game(players=3)
    token = factories.join(game, "Eve")[1]
    stranger = APIClient()
    stranger.force_authenticate(factories.UserFactory.create())

    as_player = player_client(token).delete(f"/api/v1/games/{game.code}/")
    as_stranger = stranger.delete(f"/api/v1/games/{game.code}/")

    assert (as_player.status_code, as_player.json()["code"]) == (403, "not_allowed")
    assert (as_stranger.status_code, as_stranger.json()["code"]) == (404, "game_not_found")
    assert Game.objects.filter(pk=game.pk).exists()


def age(game: Game, days: int) -> None:
    then = timezone.now() - timedelta(days=days)
    Event.objects.filter(game=game).update(created_at=then)
    Game.objects.filter(pk=game.pk).update(created_at=then)


def test_purge_games_deletes_the_games_nothing_happened_in_for_days():
    forgotten, recent, busy_long_ago = (factories.game(players=3) for _ in range(3))
    age(forgotten, 40)
    age(busy_long_ago, 40)
    factories.join(busy_long_ago, "Eve")  # something happened today
    out = StringIO()

    call_command("purge_games", older_than=30, stdout=out)

    assert not Game.objects.filter(pk=forgotten.pk).exists()
    assert Game.objects.filter(pk__in=[recent.pk, busy_long_ago.pk]).count() == 2
    assert f"deleted 1 game(s) with nothing logged for 30 days: {forgotten.code}" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("purge_games", older_than=0, stdout=out)


def test_a_finished_games_player_tokens_stop_working_after_the_documented_period(settings):
    settings.PLAYER_TOKEN_DAYS = 14
    game = factories.game(players=0, total_rounds=1)
    tokens = [factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:3]]
    factories.advance_to(game, Phase.FINISHED)
    finished = Event.objects.get(game=game, type="phase.changed", payload__phase="finished")
    events = f"/api/v1/games/{game.code}/events/"

    just_after = player_client(tokens[0]).get(events)
    Event.objects.filter(pk=finished.pk).update(created_at=timezone.now() - timedelta(days=13))
    within = player_client(tokens[0]).get(events)
    Event.objects.filter(pk=finished.pk).update(created_at=timezone.now() - timedelta(days=15))
    after = player_client(tokens[0]).get(events)

    assert (just_after.status_code, within.status_code) == (200, 200)
    assert (after.status_code, after.json()["code"]) == (401, "not_authenticated")
    assert "14 days" in after.json()["message"]


@pytest.mark.django_db(transaction=True)
async def test_an_open_socket_of_a_deleted_game_is_refused_then_closed_with_4404():
    game = await database_sync_to_async(factories.game)(players=3)
    token = (await database_sync_to_async(factories.join)(game, "Eve"))[1]
    socket = SocketPlayer(game.code, token)
    await socket.join()

    await database_sync_to_async(
        lambda: facilitator_client(game.facilitator).delete(f"/api/v1/games/{game.code}/")
    )()
    refused = await socket.command("post_message", channel="huddle", text="Anyone?")
    await keep_up.process_feeds().look()
    closed = await socket.socket.receive_output()

    assert refused["code"] == "game_not_found"
    assert (closed["type"], closed["code"]) == ("websocket.close", 4404)
