"""Whatever arrives on the game socket, the server answers with an ack or an error frame (never a
crash), stores nothing for what it refused, and the same socket keeps working."""

import json
import typing
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from games import protocol
from games.engine.errors import ErrorCode
from games.models import Event, Game
from tests.games.realtime.client import SocketPlayer
from tests.games.realtime.tables import Table, seated_players

pytestmark = pytest.mark.django_db(transaction=True)

COMMAND_TYPES = sorted(
    typing.get_args(command.model_fields["type"].annotation)[0]
    for command in typing.get_args(protocol.Command)
)
FIELDS = sorted(
    {name for command in typing.get_args(protocol.Command) for name in command.model_fields}
    - {"type", "client_msg_id"}
)
SCENARIO_WORDS = ["room", "huddle", "live", "debrief", "acknowledge", "dismiss", "review"]
SCENARIO_WORDS += ["client-calls", "waive-delivery-fee", "yes", "not_seen", "done_well"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_values = st.one_of(
    st.sampled_from(SCENARIO_WORDS),
    st.integers(min_value=-3, max_value=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=40),
    st.text(max_size=5).map(lambda text: text + "\x00"),
    st.booleans(),
    st.none(),
    json_values,
)
client_msg_ids = st.one_of(
    st.text(min_size=1, max_size=40).map(lambda text: f"{text}-{uuid.uuid4().hex[:12]}"),
    st.sampled_from(["", "x" * 65]),
    st.integers(),
    st.none(),
)
commands = st.fixed_dictionaries(
    {"type": st.sampled_from(COMMAND_TYPES), "client_msg_id": client_msg_ids},
    optional=dict.fromkeys(FIELDS, field_values),
)
# A frame that is not a command: anything JSON, text that is not JSON, bytes.
not_commands = st.one_of(
    json_values.map(json.dumps),
    st.dictionaries(st.text(max_size=12), json_values, max_size=5).map(json.dumps),
    st.text(min_size=1, max_size=200),  # (the test client cannot send an empty frame)
    st.binary(min_size=1, max_size=200),
)
ERROR_CODES = {code.value for code in ErrorCode}
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@database_sync_to_async
def stored_events(game: Game) -> int:
    return Event.objects.filter(game=game).count()


class LiveRoom:
    """One seated table, made on the first example and kept for the rest (a table per example
    would cost more than the examples); the rate limit is lifted, hypothesis sends fast."""

    table: Table | None = None

    async def get(self) -> Table:
        if self.table is None:
            with override_settings(SOCKET_BURST=100_000, SOCKET_RATE=100_000):
                self.table = await seated_players(players=5)
        return self.table


@pytest_asyncio.fixture
async def room() -> AsyncIterator[LiveRoom]:
    """Shared by every example of a test (hence the suppressed function-scoped-fixture check)."""
    shared = LiveRoom()
    yield shared
    if shared.table is not None:
        await shared.table.leave()


async def reply_to(socket: SocketPlayer, frame: str | bytes) -> dict[str, Any]:
    if isinstance(frame, bytes):
        await socket.socket.send_to(bytes_data=frame)
    else:
        await socket.socket.send_to(text_data=frame)
    return await socket.next_of("ack", "error")


async def still_answers(socket: SocketPlayer) -> bool:
    await socket.send({"type": "hello", "token": socket.token, "last_seq": socket.seq})
    return (await socket.next_of("events"))["type"] == "events"


def socket_of(table: Table, seat: str) -> SocketPlayer:
    return table.facilitator if seat == "facilitator" else table.sockets[table.responders[0]]


@pytest.mark.parametrize("seat", ["facilitator", "responder"])
@EXAMPLES
@given(command=commands)
async def test_any_command_shaped_frame_gets_one_reply_and_only_an_ack_stores_anything(
    room, seat, command
):
    table = await room.get()
    socket = socket_of(table, seat)
    before = await stored_events(table.game)

    reply = await reply_to(socket, json.dumps(command))

    stored = await stored_events(table.game) - before
    if reply["type"] == "error":
        assert reply["code"] in ERROR_CODES
        assert stored == 0, reply
    else:
        assert reply["type"] == "ack"
        assert stored >= 1
    assert await still_answers(socket)


@EXAMPLES
@given(frame=not_commands)
async def test_any_frame_that_is_not_a_command_gets_an_error_and_stores_nothing(room, frame):
    table = await room.get()
    socket = table.sockets[table.customer]
    before = await stored_events(table.game)

    reply = await reply_to(socket, frame)

    assert (reply["type"], reply["code"]) == ("error", "bad_command")
    assert await stored_events(table.game) == before
    assert await still_answers(socket)


DEEP = 7_000  # nested far past any parser's recursion limit, yet within the frame size limit


@pytest.mark.parametrize(
    "frame",
    [
        "[" * DEEP + "]" * DEEP,
        '{"type": "hello", "token": ' + "[" * DEEP + "]" * DEEP + "}",
        '{"client_msg_id": "deep", "x": ' + '{"a":' * 2_000 + "1" + "}" * 2_000 + "}",
        '{"type": "post_message", "client_msg_id": "d", "channel": "room", "text": '
        + "[" * DEEP
        + "]" * DEEP
        + "}",
    ],
    ids=["array", "hello-token", "object-with-id", "command-text"],
)
async def test_deeply_nested_json_within_the_size_limit_gets_an_error_not_a_crash(frame):
    assert len(frame.encode()) <= protocol.MAX_FRAME_BYTES
    t = await seated_players()
    socket = t.sockets[t.customer]
    before = await stored_events(t.game)

    reply = await reply_to(socket, frame)

    assert (reply["type"], reply["code"]) == ("error", "bad_command")
    assert await stored_events(t.game) == before
    still_fine = await socket.command("post_message", channel="room", text="Still here.")
    assert still_fine["type"] == "ack"
    await t.leave()


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "before\x00after"},
        {"text": "fine", "client_msg_id": "id-with-\x00"},
    ],
    ids=["in-text", "in-client-msg-id"],
)
async def test_a_nul_character_is_refused_rather_than_stored(fields):
    t = await seated_players()
    socket = t.sockets[t.customer]
    before = await stored_events(t.game)

    reply = await reply_to(
        socket,
        json.dumps({"type": "post_message", "client_msg_id": "nul", "channel": "room", **fields}),
    )

    assert (reply["type"], reply["code"]) == ("error", "invalid")
    assert "NUL" in reply["message"]
    assert await stored_events(t.game) == before
    await t.leave()


def padded_to(frame: str, size: int) -> str:
    """The same frame, padded with JSON whitespace to `size` bytes."""
    return frame + " " * (size - len(frame.encode()))


async def test_the_frame_size_limit_counts_bytes_not_characters():
    t = await seated_players()
    socket = t.sockets[t.customer]
    limit = protocol.MAX_FRAME_BYTES
    frame = {"type": "post_message", "channel": "room", "text": "é" * 2000}
    exactly = padded_to(json.dumps({**frame, "client_msg_id": "fits"}, ensure_ascii=False), limit)
    one_over = padded_to(
        json.dumps({**frame, "client_msg_id": "over"}, ensure_ascii=False), limit + 1
    )
    assert len(one_over) < limit < len(one_over.encode())

    at_the_limit = await reply_to(socket, exactly)
    over_the_limit = await reply_to(socket, one_over)

    assert at_the_limit["type"] == "ack"
    assert (over_the_limit["code"], over_the_limit["client_msg_id"]) == ("bad_command", None)
    assert over_the_limit["message"] == f"A frame may be at most {limit} bytes."
    await t.leave()
