"""Removing a player with a ban (issue #19, point 11): the ban binds to the name (and its
look-alikes) and to the browser they joined from, in this game; a plain removal binds nothing."""

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from games.models import Game, Participant
from tests import factories
from tests.games.api.clients import facilitator_client
from tests.games.realtime.client import SocketPlayer, facilitator_cookie

pytestmark = pytest.mark.django_db


def join(browser: APIClient, game: Game, name: str) -> tuple[int, str]:
    response = browser.post(f"/api/v1/games/{game.code}/join/", {"name": name}, format="json")
    return response.status_code, response.json().get("code", "")


def joined_from(browser: APIClient, game: Game, name: str) -> Participant:
    assert join(browser, game, name)[0] == 201
    return Participant.objects.get(game=game, display_name=name)


def test_a_player_removed_with_a_ban_cannot_come_back_by_name_look_alike_or_browser():
    game = factories.game(players=3)
    trolls_browser = APIClient()
    troll = joined_from(trolls_browser, game, "Troll")

    removed = facilitator_client(game.facilitator).delete(
        f"/api/v1/games/{game.code}/participants/{troll.pk}/?ban=true"
    )

    assert removed.status_code == 200
    assert join(trolls_browser, game, "Someone Else") == (403, "banned")
    assert join(APIClient(), game, "Troll") == (403, "banned")
    assert join(APIClient(), game, "TR0LL") == (403, "banned")
    assert join(APIClient(), game, "Friend") == (201, "")


def test_a_plain_removal_lets_the_player_join_again():
    game = factories.game(players=3)
    browser = APIClient()
    player = joined_from(browser, game, "Troll")

    facilitator_client(game.facilitator).delete(
        f"/api/v1/games/{game.code}/participants/{player.pk}/"
    )

    assert join(browser, game, "Troll") == (201, "")


def test_a_ban_holds_in_its_game_only():
    game, other = factories.game(players=3), factories.game(players=3)
    browser = APIClient()
    troll = joined_from(browser, game, "Troll")

    facilitator_client(game.facilitator).delete(
        f"/api/v1/games/{game.code}/participants/{troll.pk}/?ban=true"
    )

    assert join(browser, other, "Troll") == (201, "")


def test_a_ban_is_written_in_the_log():
    game = factories.game(players=3)
    troll = joined_from(APIClient(), game, "Troll")

    facilitator_client(game.facilitator).delete(
        f"/api/v1/games/{game.code}/participants/{troll.pk}/?ban=true"
    )

    removal = game.events.get(type="participant.removed")
    assert removal.payload == {"participant": troll.pk, "name": "Troll", "banned": True}


@pytest.mark.django_db(transaction=True)
async def test_the_sockets_remove_participant_with_ban_keeps_them_out_too():
    game = await database_sync_to_async(factories.game)(players=3)
    troll = await database_sync_to_async(joined_from)(APIClient(), game, "Troll")
    cookie = await database_sync_to_async(lambda: facilitator_cookie(game.facilitator))()
    console = SocketPlayer(game.code, headers=[cookie])
    await console.join()

    removed = await console.command("remove_participant", participant=troll.pk, ban=True)
    again = await database_sync_to_async(join)(APIClient(), game, "Troll")

    assert removed["type"] == "ack"
    assert again == (403, "banned")
    await console.leave()
