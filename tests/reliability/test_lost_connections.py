"""Connections that drop without a close frame, on a real Daphne: nothing is lost, nothing twice.

Each client holds what the browser app would: its snapshot, then every event in `seq` order. At
the end each must hold exactly the log filtered to what its seat may see.
"""

import pytest
from asgiref.sync import sync_to_async

from games.models import Event, Game, Participant
from games.selectors import MAX_CATCH_UP_EVENTS
from games.services.actors import actor_for_participant
from games.services.command_sql import LockedGame
from games.services.conversation import message_post
from games.services.events import run_command
from tests.reliability.tables import (
    assert_holds_exactly_the_log_filtered_for_it,
    events_with_id,
    last_seq,
    live_table,
    wait_until_all_hold,
)
from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]


@sync_to_async
def room_goes_on_in_the_log(game: Game, author: str, messages: int) -> None:
    """Many messages at once, written straight to the log (no broadcast reaches the server's
    sockets): the same as a room that talked for an hour while one client was away."""

    def post_all(locked: LockedGame) -> Event:
        by = actor_for_participant(
            locked.game, Participant.objects.get(game=game, display_name=author)
        )
        for number in range(messages):
            event = message_post(locked.game, by=by, channel="room", text=f"Meanwhile {number}.")
        return event

    run_command(game.pk, None, post_all)


async def test_a_client_that_drops_without_a_close_frame_catches_up_exactly_after_a_moment():
    table = await live_table(players=5)
    with daphne_server() as server:
        facilitator, players = table.clients(lambda name: server)
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        customer, coach = players[table.customer], players[table.coach]
        away, other = players[table.responders[0]], players[table.responders[1]]

        await away.drop(stay_away=True)
        await customer.command("post_message", channel="room", text="Are you still there?")
        await other.command("post_message", channel="huddle", text="She is getting angrier.")
        await coach.command("coach_note", text="The team went quiet.")
        await customer.command("set_mood", mood=9)
        await away.come_back()
        await other.command("post_message", channel="room", text="We are here, sorry.")
        await wait_until_all_hold(everyone, await last_seq(table.game))

        await assert_holds_exactly_the_log_filtered_for_it(table.game, everyone)
        texts = [e["payload"].get("text") for e in away.seen("message.posted")]
        assert texts == ["Are you still there?", "She is getting angrier.", "We are here, sorry."]
        assert away.seen("coach.note") == []
        assert away.snapshots == 1, "a short gap is caught up with events, not a new snapshot"
        for client in everyone:
            await client.close()


async def test_a_client_away_for_longer_than_a_catch_up_carries_gets_a_fresh_snapshot():
    table = await live_table(players=4)
    with daphne_server() as server:
        facilitator, players = table.clients(lambda name: server)
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        customer, away = players[table.customer], players[table.responders[0]]

        await away.drop(stay_away=True)
        await room_goes_on_in_the_log(table.game, table.customer, MAX_CATCH_UP_EVENTS + 20)
        await customer.command("post_message", channel="room", text="An hour later.")
        await facilitator.command("advance_phase", expected_phase="live")
        await away.come_back()
        await wait_until_all_hold(everyone, await last_seq(table.game))

        await assert_holds_exactly_the_log_filtered_for_it(table.game, everyone)
        assert away.snapshots == 2
        assert away.snapshot["game"]["phase"] == "debrief"
        assert away.seen("message.posted")[-1]["payload"]["text"] == "An hour later."
        for client in everyone:
            await client.close()


@pytest.mark.parametrize("ack_lost", [True, False], ids=["applied-ack-lost", "maybe-applied"])
async def test_a_command_resent_with_the_same_id_after_a_drop_lands_exactly_once(ack_lost):
    table = await live_table(players=4)
    with daphne_server() as server:
        facilitator, players = table.clients(lambda name: server)
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        sender = players[table.responders[0]]
        text = "Your pallets leave at six."

        sender.deaf_to_acks = ack_lost
        msg_id = await sender.send("post_message", channel="room", text=text)
        if ack_lost:  # the command landed (its event came back), but its ack never arrives
            await sender.wait_for(
                lambda: any(e["payload"]["text"] == text for e in sender.seen("message.posted")),
                what="the command's own event",
            )
        await sender.drop()  # back at once; the pending command is resent with the same id
        sender.deaf_to_acks = False
        await sender.wait_for(lambda: msg_id in sender.acks, what="the ack of the resent command")
        await wait_until_all_hold(everyone, await last_seq(table.game))

        landed = await events_with_id(table.game, msg_id)
        assert [event.seq for event in landed] == [sender.acks[msg_id]]
        await assert_holds_exactly_the_log_filtered_for_it(table.game, everyone)
        for client in everyone:
            posted = [e for e in client.seen("message.posted") if e["payload"]["text"] == text]
            assert len(posted) == 1, client.name
            await client.close()
