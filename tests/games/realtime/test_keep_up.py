"""A process follows each game through one feed: one member of the game's group however many
sockets follow it, each broadcast handed to every socket without one holding up the others,
and a look at the logs now and then, one read for all the games, that delivers what no broadcast
brought."""

from typing import Any

import pytest
from channels.layers import get_channel_layer

from games.realtime import keep_up
from games.realtime.broadcast import game_group
from games.realtime.consumers import GameConsumer
from games.selectors import logged_seqs
from tests.games.realtime.tables import seated_players
from tests.waiting import eventually

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def look_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keep_up, "KEEP_UP_SECONDS", 0.1)


async def test_a_game_has_one_member_of_its_group_per_process_however_many_sockets_follow_it():
    t = await seated_players(players=6)
    layer = get_channel_layer()

    members = layer.groups[game_group(t.game.pk)]

    assert list(members) == [keep_up.feed_of(t.game.pk).channel]  # type: ignore[union-attr]
    await t.leave()
    assert not layer.groups.get(game_group(t.game.pk))


async def test_every_socket_gets_a_broadcast_once_and_in_order():
    t = await seated_players(players=5)
    sender = t.sockets[t.customer]

    for text in ["One.", "Two.", "Three."]:
        await sender.command("post_message", channel="room", text=text)
    for name, socket in t.sockets.items():
        while len(socket.events("message.posted")) < 3:
            await socket.next_of("events", within=3)
        texts = [event["payload"]["text"] for event in socket.events("message.posted")]
        assert texts == ["One.", "Two.", "Three."], name
    await t.leave()


async def test_a_socket_busy_with_its_own_work_gets_a_broadcast_after_it_and_the_rest_at_once():
    t = await seated_players()
    busy, other = t.sockets[t.responders[0]], t.sockets[t.coach]
    busy_id = busy.received[0]["me"]["participant"]
    feed = keep_up.feed_of(t.game.pk)
    assert feed is not None
    (consumer,) = [
        follower
        for follower in feed.followers
        if isinstance(follower, GameConsumer)
        and getattr(follower.viewer, "participant_id", None) == busy_id
    ]
    await busy.drain()  # what came before: the others saying hello

    await consumer.delivering.acquire()  # as while it reads its snapshot or fills a gap
    try:
        await t.sockets[t.customer].command("post_message", channel="room", text="Hello?")
        while not other.events("message.posted"):
            await other.next_of("events", within=3)
        assert await busy.socket.receive_nothing(timeout=0.3)
    finally:
        consumer.delivering.release()
    while not busy.events("message.posted"):
        await busy.next_of("events", within=3)

    assert [event["payload"]["text"] for event in busy.events("message.posted")] == ["Hello?"]
    assert await busy.socket.receive_nothing(timeout=0.3)  # once, not again
    await t.leave()


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


async def test_one_look_reads_the_logs_once_for_every_game_and_socket_of_the_process(monkeypatch):
    first, second = await seated_players(), await seated_players(players=3)
    reads: list[list[int]] = []
    reads_per_finished_look: list[int] = []
    original_look = keep_up.ProcessFeeds.look

    def counted_read(game_ids: list[int]) -> dict[int, int]:
        reads.append(sorted(game_ids))
        return logged_seqs(game_ids)

    async def counted_look(feeds: keep_up.ProcessFeeds) -> None:
        # Counted when the look ends: the check below may land while a look is half done.
        reads_before = len(reads)
        await original_look(feeds)
        reads_per_finished_look.append(len(reads) - reads_before)

    monkeypatch.setattr(keep_up, "logged_seqs", counted_read)
    monkeypatch.setattr(keep_up.ProcessFeeds, "look", counted_look)
    await eventually(lambda: len(reads_per_finished_look) >= 3, what="three finished looks")

    assert reads_per_finished_look
    assert set(reads_per_finished_look) == {1}
    assert reads[0] == sorted([first.game.pk, second.game.pk])
    await first.leave()
    await second.leave()


async def test_a_look_delivers_to_each_socket_what_it_missed_even_when_another_game_is_busy(
    monkeypatch,
):
    busy, quiet = await seated_players(players=3), await seated_players()
    busy_feed = keep_up.feed_of(busy.game.pk)
    assert busy_feed is not None
    # A socket of the busy game is reading (its snapshot, say) for as long as this test runs.
    stuck = next(f for f in busy_feed.followers if isinstance(f, GameConsumer))
    await stuck.delivering.acquire()
    # The broadcasts of the quiet game reach nobody, as when Redis dropped the subscriptions.
    quiet_feed = keep_up.feed_of(quiet.game.pk)
    assert quiet_feed is not None

    async def lost(message: dict[str, Any]) -> None:
        pass

    monkeypatch.setattr(quiet_feed, "deliver", lost)
    listener = quiet.sockets[quiet.responders[0]]
    await listener.drain()

    await quiet.sockets[quiet.customer].command("post_message", channel="room", text="Hello?")
    while not listener.events("message.posted"):
        await listener.next_of("events", within=3)

    assert [e["payload"]["text"] for e in listener.events("message.posted")] == ["Hello?"]
    stuck.delivering.release()
    await quiet.leave()
    await busy.leave()


async def test_a_feed_stops_with_its_games_last_socket_and_the_look_with_the_last_game():
    first, second = await seated_players(), await seated_players(players=3)
    feed = keep_up.feed_of(first.game.pk)
    watcher = keep_up.process_feeds().watcher
    assert feed is not None
    assert watcher is not None

    await first.leave()
    await eventually(lambda: feed.receiving is not None and feed.receiving.done())

    assert keep_up.feed_of(first.game.pk) is None
    assert feed.catching_up is None or feed.catching_up.done()
    assert not watcher.done()

    await second.leave()
    await eventually(watcher.done, what="the look to stop")


class FakeSocket:
    """A follower that records what the feed did with each message."""

    def __init__(self, *, ready: bool) -> None:
        self.ready = ready
        self.sent: list[dict[str, Any]] = []
        self.queued: list[dict[str, Any]] = []

    def ready_for(self, message: dict[str, Any]) -> bool:
        return self.ready

    async def game_events(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    def queue(self, message: dict[str, Any]) -> None:
        self.queued.append(message)

    async def deliver_missed(self, up_to: int) -> None:
        pass

    async def game_deleted(self) -> None:
        pass


async def test_a_socket_that_cannot_take_a_broadcast_at_once_gets_it_queued_and_the_rest_at_once():
    catching_up, ready = FakeSocket(ready=False), FakeSocket(ready=True)
    feed = keep_up.GameFeed(1, get_channel_layer())
    await feed.joined
    feed.followers.update({catching_up, ready})
    message = {"type": "game.events", "events": [], "frames": []}

    await feed.deliver(message)

    assert ready.sent == [message]
    assert ready.queued == []
    assert catching_up.sent == []
    assert catching_up.queued == [message]
    await feed.close()


async def test_a_broadcast_that_cannot_be_handed_out_does_not_stop_the_next_one(caplog):
    class Picky(FakeSocket):
        def ready_for(self, message: dict[str, Any]) -> bool:
            if message.get("broken"):
                raise ValueError("cannot read this broadcast")
            return True

    socket = Picky(ready=True)
    layer = get_channel_layer()
    feed = keep_up.GameFeed(2, layer)
    await feed.joined
    feed.followers.add(socket)
    good = {"type": "game.events", "events": [], "frames": []}

    await layer.group_send(game_group(2), {**good, "broken": True})
    await layer.group_send(game_group(2), good)
    await eventually(lambda: socket.sent, what="the good broadcast")

    assert socket.sent == [good]
    assert "could not hand out a broadcast" in caplog.text
    await feed.close()
