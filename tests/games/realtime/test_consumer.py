"""The game socket, end to end through the ASGI stack: every seat sees exactly what it should."""

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async

from games.engine.phases import Phase
from games.models import Event, Game
from tests import factories
from tests.games.realtime.client import SocketPlayer, facilitator_cookie
from tests.games.realtime.tables import OBSERVER, advance, seated_players, setup_game

pytestmark = pytest.mark.django_db(transaction=True)

ACKNOWLEDGING = "You're right to be angry, and I can see this has put you in a difficult position."


async def test_a_snapshot_carries_only_the_seats_own_brief():
    t = await seated_players()

    customer_view = t.sockets[t.customer].received[0]
    responder_view = t.sockets[t.responders[0]].received[0]
    coach_view = t.sockets[t.coach].received[0]

    assert customer_view["me"]["role"] == "customer"
    assert customer_view["brief"]["customer_brief"]["persona"]["name"] == "Dana Whitlock"
    assert "does_not_know" not in customer_view["brief"]["customer_brief"]
    assert "The second truck broke down" not in str(customer_view)
    assert customer_view["brief"]["responder_briefs"] is None
    assert responder_view["me"]["role"] == "responder"
    assert responder_view["brief"]["customer_brief"] is None
    own = {seat["function"] for seat in responder_view["brief"]["responder_briefs"]}
    assert own == set(responder_view["me"]["functions"])
    assert "She already told her biggest client" not in str(responder_view)
    assert coach_view["brief"]["scenario"]["id"] == "short-shipment"
    assert t.facilitator.received[0]["me"]["role"] == "facilitator"
    await t.leave()


async def test_room_huddle_and_coach_notes_reach_exactly_their_readers():
    t = await seated_players(players=5)
    responder = t.responders[0]

    assert (await t.sockets[responder].command("post_message", channel="room", text="I hear you."))[
        "type"
    ] == "ack"
    assert (
        await t.sockets[responder].command(
            "post_message", channel="huddle", text="Who has the truck?"
        )
    )["type"] == "ack"
    assert (await t.sockets[t.coach].command("coach_note", text="Good acknowledgement."))[
        "type"
    ] == "ack"

    readers: dict[str, set[str]] = {}
    for name, socket in [*t.sockets.items(), ("facilitator", t.facilitator)]:
        await socket.drain()
        for event in socket.events():
            text = event["payload"].get("text")
            if event["type"] in ("message.posted", "coach.note"):
                readers.setdefault(text, set()).add(name)
    everyone = {*t.sockets, "facilitator"}
    assert readers["I hear you."] == everyone
    assert readers["Who has the truck?"] == everyone - {t.customer, OBSERVER}
    assert readers["Good acknowledgement."] == {t.coach, "facilitator"}
    await t.leave()


async def test_the_coach_gets_suggested_tags_for_a_responders_room_message_and_nobody_else():
    # Inside the test process the detector runs on the database thread (WORKER_PROCESS=off);
    # tests/games/realtime/test_offload.py covers the worker process of a real server.
    t = await seated_players(players=5)
    responder = t.responders[0]

    await t.sockets[responder].command("post_message", channel="room", text=ACKNOWLEDGING)

    for socket in t.sockets.values():
        await socket.drain()
    (suggested,) = t.sockets[t.coach].events("tag.suggested")
    assert "acknowledge" in {item["technique"] for item in suggested["payload"]["suggestions"]}
    assert [name for name, s in t.sockets.items() if s.events("tag.suggested")] == [t.coach]
    await t.leave()


@pytest.mark.parametrize(
    ("seat", "command", "fields", "code"),
    [
        ("customer", "post_message", {"channel": "huddle", "text": "x"}, "not_allowed"),
        ("responder", "set_mood", {"mood": 2}, "not_allowed"),
        ("coach", "post_message", {"channel": "room", "text": "x"}, "not_allowed"),
        ("responder", "coach_note", {"text": "x"}, "not_allowed"),
        ("customer", "advance_phase", {}, "not_allowed"),
        ("customer", "set_mood", {"mood": 11}, "invalid"),
    ],
)
async def test_a_seat_acting_outside_its_rights_gets_an_error_and_nothing_is_stored(
    seat, command, fields, code
):
    t = await seated_players()
    name = {"customer": t.customer, "coach": t.coach, "responder": t.responders[0]}[seat]
    before = await database_sync_to_async(Event.objects.filter(game=t.game).count)()

    reply = await t.sockets[name].command(command, **fields)

    assert reply["type"] == "error"
    assert reply["code"] == code
    assert await database_sync_to_async(Event.objects.filter(game=t.game).count)() == before
    await t.leave()


async def test_a_retried_command_is_applied_once_and_acknowledged_with_the_same_seq():
    t = await seated_players()

    first = await t.sockets[t.customer].command("set_mood", client_msg_id="mood-1", mood=6)
    again = await t.sockets[t.customer].command("set_mood", client_msg_id="mood-1", mood=6)

    assert first == again
    moods = await database_sync_to_async(
        lambda: list(Event.objects.filter(game=t.game, type="mood.changed", actor__isnull=False))
    )()
    assert len(moods) == 1
    await t.leave()


async def test_reconnecting_with_last_seq_delivers_exactly_the_missed_events_in_order():
    t = await seated_players()
    watcher = t.sockets[t.responders[0]]
    held = watcher.seq
    await watcher.leave()

    for text in ["one", "two", "three"]:
        await t.sockets[t.customer].command("post_message", channel="room", text=text)
    back = SocketPlayer(t.game.code, watcher.token)
    caught_up = await back.join(last_seq=held)

    texts = [e["payload"]["text"] for e in caught_up["events"] if e["type"] == "message.posted"]
    assert texts == ["one", "two", "three"]
    seqs = [e["seq"] for e in caught_up["events"]]
    assert seqs == sorted(set(seqs))
    assert all(seq > held for seq in seqs)
    for socket in [back, *[s for n, s in t.sockets.items() if s is not watcher], t.facilitator]:
        await socket.leave()


async def test_when_the_customer_drops_out_the_round_holds_until_they_return():
    t = await seated_players()

    watcher = t.sockets[t.responders[0]]
    await t.sockets[t.customer].leave()
    await watcher.drain()
    held = watcher.events()
    back = SocketPlayer(t.game.code, t.sockets[t.customer].token)
    await back.join()
    await watcher.drain()
    released = watcher.events()[len(held) :]

    assert [e["type"] for e in held if e["type"].startswith("round.")] == ["round.held"]
    assert held[-1]["payload"]["paused"] is True
    assert "customer is disconnected" in held[-1]["payload"]["reason"]
    assert [e["type"] for e in released if e["type"].startswith("round.")] == ["round.released"]
    for socket in [back, *[s for n, s in t.sockets.items() if n != t.customer], t.facilitator]:
        await socket.leave()


async def test_bad_frames_get_an_error_and_the_socket_keeps_working():
    t = await seated_players()
    socket = t.sockets[t.customer]

    await socket.socket.send_to(bytes_data=b"\x00\x01")
    binary = await socket.next_of("error")
    await socket.socket.send_to(text_data="{not json")
    not_json = await socket.next_of("error")
    await socket.send({"type": "summon_dragon", "client_msg_id": "x"})
    unknown = await socket.next_of("error")
    await socket.send(
        {"type": "post_message", "client_msg_id": "y", "channel": "room", "text": "x" * 20_000}
    )
    too_big = await socket.next_of("error")
    still_fine = await socket.command("post_message", channel="room", text="Still here.")

    assert [binary["code"], not_json["code"], unknown["code"], too_big["code"]] == [
        "bad_command"
    ] * 4
    assert "binary" in binary["message"]
    assert "at most" in too_big["message"]
    assert still_fine["type"] == "ack"
    await t.leave()


async def test_a_socket_without_a_valid_token_cannot_act():
    game, _, _ = await setup_game(players=3)
    stranger = SocketPlayer(game.code, token="forged")
    connected, _ = await stranger.socket.connect()
    assert connected

    await stranger.send({"type": "hello", "token": "forged"})
    refused = await stranger.next_of("error")
    await stranger.send({"type": "set_mood", "client_msg_id": "m", "mood": 1})
    still_refused = await stranger.next_of("error")

    assert refused["code"] == still_refused["code"] == "not_authenticated"
    await stranger.leave()


@database_sync_to_async
def api_token_of(user: Any) -> str:
    return factories.api_token(user)


async def test_a_facilitator_may_say_hello_with_an_api_token_and_nobody_else_may():
    game, _, _ = await setup_game(players=3)
    own = SocketPlayer(game.code)
    other = SocketPlayer(game.code)
    for socket in (own, other):
        connected, _ = await socket.socket.connect()
        assert connected

    await own.send({"type": "hello", "api_token": await api_token_of(game.facilitator)})
    snapshot = await own.next_of("snapshot")
    stranger = await database_sync_to_async(factories.UserFactory.create)()
    await other.send({"type": "hello", "api_token": await api_token_of(stranger)})
    refused = await other.next_of("error")

    assert snapshot["me"]["role"] == "facilitator"
    assert refused["code"] == "not_authenticated"
    await own.leave()
    await other.leave()


SEATS = ["customer", "responder", "coach", "observer", "facilitator"]
WRITE_RIGHTS: list[tuple[str, dict[str, Any], set[str]]] = [
    ("post_message", {"channel": "room", "text": "Hello"}, {"customer", "responder"}),
    ("post_message", {"channel": "huddle", "text": "Psst"}, {"responder", "coach"}),
    ("coach_note", {"text": "Note"}, {"coach", "facilitator"}),
    ("set_mood", {"mood": 5}, {"customer"}),
    ("fire_inject", {"inject": "client-calls"}, {"coach", "facilitator"}),
]
# An inject fires once a round, so the two seats allowed to fire one each fire their own.
OWN_INJECT = {"facilitator": {"inject": "truck-update"}}


@pytest.mark.parametrize(
    ("command", "fields", "allowed"),
    WRITE_RIGHTS,
    ids=[f"{c}:{next(iter(f.values()))}" for c, f, _ in WRITE_RIGHTS],
)
async def test_every_seat_may_write_exactly_what_its_role_allows(command, fields, allowed):
    t = await seated_players()
    socket_of = {
        "customer": t.sockets[t.customer],
        "responder": t.sockets[t.responders[0]],
        "coach": t.sockets[t.coach],
        "observer": t.sockets[OBSERVER],
        "facilitator": t.facilitator,
    }

    outcomes = {
        seat: await socket_of[seat].command(
            command, **(OWN_INJECT.get(seat, fields) if command == "fire_inject" else fields)
        )
        for seat in SEATS
    }

    assert {seat for seat, reply in outcomes.items() if reply["type"] == "ack"} == allowed
    assert {reply["code"] for reply in outcomes.values() if reply["type"] == "error"} <= {
        "not_allowed"
    }
    await t.leave()


async def test_a_fault_of_the_server_is_told_to_the_sender_and_the_command_not_resent(monkeypatch):
    t = await seated_players()
    coach = t.sockets[t.coach]

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of the server")

    monkeypatch.setattr("games.commands.coach_note", broken)
    refused = await coach.command("coach_note", client_msg_id="note-1", text="Good.")
    monkeypatch.undo()
    after = await coach.command("coach_note", client_msg_id="note-2", text="Better.")

    assert (refused["type"], refused["code"], refused["client_msg_id"]) == (
        "error",
        "server_error",
        "note-1",
    )
    assert after["type"] == "ack"
    await t.leave()


@database_sync_to_async
def members_of(game: Game) -> dict[str, Any]:
    from games.services.sharing import game_share
    from organisations.roles import ShareRole

    people = {
        "co_facilitator": factories.UserFactory.create(),
        "observer": factories.UserFactory.create(),
        "outsider": factories.UserFactory.create(membership__organisation="elsewhere"),
    }
    for name, role in (
        ("co_facilitator", ShareRole.CO_FACILITATOR),
        ("observer", ShareRole.OBSERVER),
    ):
        game_share(game=game, by=game.facilitator, user_id=people[name].pk, role=role)
    return {name: facilitator_cookie(user) for name, user in people.items()}


async def test_a_co_facilitator_runs_the_game_an_observer_watches_and_an_outsider_is_refused():
    game, _, _ = await setup_game(players=3)
    await advance(game, Phase.LIVE)
    cookies = await members_of(game)
    sockets = {name: SocketPlayer(game.code, headers=[cookie]) for name, cookie in cookies.items()}
    for socket in sockets.values():
        connected, _ = await socket.socket.connect()
        assert connected
    for socket in sockets.values():
        await socket.send({"type": "hello"})

    co_snapshot = await sockets["co_facilitator"].next_of("snapshot")
    watching = await sockets["observer"].next_of("snapshot")
    refused = await sockets["outsider"].next_of("error")
    ran = await sockets["co_facilitator"].command("coach_note", text="Good apology.")
    not_run = await sockets["observer"].command("coach_note", text="Sneaky.")

    assert co_snapshot["me"]["role"] == watching["me"]["role"] == "facilitator"
    assert refused["code"] == "not_authenticated"
    assert ran["type"] == "ack"
    assert (not_run["type"], not_run["code"]) == ("error", "not_allowed")
    seen = sockets["observer"].received
    if "Good apology." not in json.dumps(seen):
        seen = [await sockets["observer"].next_of("events")]
    assert "Good apology." in json.dumps(seen)
    for socket in sockets.values():
        await socket.leave()
