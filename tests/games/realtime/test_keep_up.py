"""A process looks at each game's log now and then for its sockets: what no broadcast brought
still arrives, and the look costs one read per game, however many sockets follow it."""

import asyncio

import pytest
from channels.layers import get_channel_layer

from games.realtime import keep_up
from games.realtime.broadcast import game_group
from games.selectors import logged_seq
from tests.games.realtime.test_consumer import seated_players

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def look_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keep_up, "KEEP_UP_SECONDS", 0.1)


async def test_sockets_the_layer_forgot_rejoin_and_get_what_they_missed_from_the_log():
    t = await seated_players()
    # As after a Redis restart: the group is gone, so no broadcast reaches anyone.
    get_channel_layer().groups.pop(game_group(t.game.pk))

    await t.sockets[t.customer].command("post_message", channel="room", text="Anyone there?")
    listener = t.sockets[t.responders[0]]
    while not listener.events("message.posted"):
        await listener.next_of("events", within=3)
    await t.sockets[t.customer].command("post_message", channel="room", text="Now you hear me.")
    await listener.next_of("events", within=3)

    texts = [event["payload"]["text"] for event in listener.events("message.posted")]
    assert texts == ["Anyone there?", "Now you hear me."]
    await t.leave()


async def test_one_look_reads_the_log_once_for_every_socket_of_the_game(monkeypatch):
    t = await seated_players()
    reads: list[int] = []
    looks: list[int] = []
    original_read, original_look = logged_seq, keep_up.LogWatch.look

    def counted_read(game_id: int) -> int:
        reads.append(game_id)
        return original_read(game_id)

    async def counted_look(watch: keep_up.LogWatch, logged_before: int | None) -> int:
        looks.append(watch.game_id)
        return await original_look(watch, logged_before)

    monkeypatch.setattr(keep_up, "logged_seq", counted_read)
    monkeypatch.setattr(keep_up.LogWatch, "look", counted_look)
    await asyncio.sleep(0.5)

    watch = keep_up.watch_of(t.game.pk)
    assert watch is not None
    assert len(watch.followers) == len(t.sockets) + 1
    assert looks
    assert reads == looks
    await t.leave()


async def test_the_look_stops_when_the_last_socket_of_the_game_leaves():
    t = await seated_players()
    watch = keep_up.watch_of(t.game.pk)
    assert watch is not None

    await t.leave()
    await asyncio.sleep(0)

    assert keep_up.watch_of(t.game.pk) is None
    assert watch.task.cancelled() or watch.task.done()
