"""After a commit, a game's events leave for the channel layer in commit order, while other
games' broadcasts go out beside them rather than waiting their turn."""

import asyncio
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from games.engine.roles import Audience
from games.models import Event
from games.realtime import broadcast
from games.realtime.broadcast import broadcast_events, game_group


class SlowLayer:
    """A channel layer whose sends to the games in `held` wait until they are let go."""

    def __init__(self, held: set[int]) -> None:
        self.held = {game_group(game_id): asyncio.Event() for game_id in held}
        self.started: list[tuple[str, int]] = []
        self.sent: list[tuple[str, int]] = []

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        seq = message["events"][0]["seq"]
        self.started.append((group, seq))
        if group in self.held:
            await self.held[group].wait()
        self.sent.append((group, seq))

    def let_go(self, game_id: int) -> None:
        self.held[game_group(game_id)].set()


@pytest.fixture
def layer(monkeypatch: pytest.MonkeyPatch) -> SlowLayer:
    slow = SlowLayer(held={1})
    monkeypatch.setattr(broadcast, "get_channel_layer", lambda: slow)
    return slow


def message_event(game_id: int, seq: int) -> Event:
    return Event(
        game_id=game_id,
        seq=seq,
        round_number=1,
        type="message.posted",
        audience=Audience.ROOM,
        payload={"channel": "room", "text": f"Message {seq}."},
        created_at=timezone.now(),
    )


async def committed(game_id: int, seq: int) -> None:
    """Broadcast as a command's commit does: from the server loop's database thread."""
    await sync_to_async(broadcast_events)(game_id, [message_event(game_id, seq)])


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_game_waiting_on_the_layer_does_not_hold_up_another_games_broadcast(layer):
    await committed(1, 1)
    await committed(2, 1)
    await settle()

    assert layer.sent == [(game_group(2), 1)]

    layer.let_go(1)
    await settle()
    assert layer.sent == [(game_group(2), 1), (game_group(1), 1)]


async def test_a_games_broadcasts_leave_in_commit_order_even_when_the_first_is_slow(layer):
    await committed(1, 1)
    await committed(1, 2)
    await committed(1, 3)
    await settle()

    assert layer.started == [(game_group(1), 1)]

    layer.let_go(1)
    await settle()
    assert layer.sent == [(game_group(1), 1), (game_group(1), 2), (game_group(1), 3)]


async def test_a_failed_broadcast_does_not_stop_the_games_next_one(layer, monkeypatch, caplog):
    original_send = layer.group_send

    async def fails_first(group: str, message: dict[str, Any]) -> None:
        if message["events"][0]["seq"] == 1:
            raise ConnectionError("Redis went away")
        await original_send(group, message)

    monkeypatch.setattr(layer, "group_send", fails_first)
    layer.let_go(1)

    await committed(1, 1)
    await committed(1, 2)
    await settle()

    assert layer.sent == [(game_group(1), 2)]
    assert "A broadcast failed" in caplog.text


async def test_once_a_games_sends_are_done_nothing_of_it_is_kept(layer):
    layer.let_go(1)
    await committed(1, 1)
    await committed(2, 1)
    await settle()

    assert broadcast._last_sends.get(asyncio.get_running_loop()) == {}
