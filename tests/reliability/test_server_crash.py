"""The server process is killed (SIGKILL, as the kernel or a power cut would) in the middle of a
live round and started again: what was acknowledged is kept, the clock keeps its deadline, and
the clients carry on where they were."""

from datetime import datetime, timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from games.models import Event, Game
from tests.reliability.tables import (
    assert_holds_exactly_the_log_filtered_for_it,
    events_with_id,
    last_seq,
    live_table,
    wait_until_all_hold,
)
from tests.servers import daphne_process

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]
SECONDS_TO_DEADLINE = 8


@sync_to_async
def live_deadline_in(game: Game, seconds: int) -> datetime:
    """Bring the live phase's deadline close, as if the round had been running for a while."""
    deadline = timezone.now() + timedelta(seconds=seconds)
    Game.objects.filter(pk=game.pk).update(phase_deadline=deadline, wake_at=deadline)
    return deadline


@sync_to_async
def stored_deadline(game: Game) -> datetime | None:
    game.refresh_from_db(fields=["phase_deadline"])
    return game.phase_deadline


@sync_to_async
def seqs_by_client_msg_id(game: Game) -> dict[str, int]:
    commands = Event.objects.filter(game=game).exclude(client_msg_id="")
    return dict(commands.values_list("client_msg_id", "seq"))


async def test_after_a_sigkill_and_restart_acknowledged_events_are_kept_and_the_clock_runs_on():
    table = await live_table(players=4, live_minutes=30)
    with daphne_process() as daphne:
        facilitator, players = table.clients(lambda name: daphne.server)
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        customer, responder = players[table.customer], players[table.responders[0]]
        for text in ["Where is my order?", "I have a fair tomorrow."]:
            await customer.command("post_message", channel="room", text=text)
            await responder.command("post_message", channel="room", text=f"Re: {text}")
        await customer.command("set_mood", mood=7)
        deadline = await live_deadline_in(table.game, SECONDS_TO_DEADLINE)

        daphne.kill()
        # Sent while the server is down: the client holds it and resends it once it is back.
        while_down = await responder.send("post_message", channel="room", text="Hello? Hello?")
        daphne.start()
        await responder.wait_for(lambda: while_down in responder.acks, what="the resent command")

        acknowledged = {msg_id: seq for client in everyone for msg_id, seq in client.acks.items()}
        assert await seqs_by_client_msg_id(table.game) == acknowledged
        assert await stored_deadline(table.game) == deadline
        await facilitator.wait_for(
            lambda: facilitator.seen("phase.changed")[-1]["payload"]["phase"] == "debrief",
            what="the deadline",
        )
        ended = facilitator.seen("phase.changed")[-1]
        assert ended["payload"]["reason"] == "deadline"
        assert datetime.fromisoformat(ended["at"]) >= deadline
        await wait_until_all_hold(everyone, await last_seq(table.game))
        await assert_holds_exactly_the_log_filtered_for_it(table.game, everyone)
        for msg_id in acknowledged:
            assert len(await events_with_id(table.game, msg_id)) == 1
        assert all(client.connections == 2 for client in everyone)
        for client in everyone:
            await client.close()
