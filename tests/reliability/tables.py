"""A game table for the reliability tests: a live round, its seats, and what each seat may see."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async

from games.engine.roles import Role
from games.models import Event, Game, Participant, SeatAssignment
from games.selectors import Viewer, events_since
from tests import factories
from tests.games.realtime.client import facilitator_cookie
from tests.reliability.client import ResumingClient
from tests.servers import RunningServer


@dataclass
class LiveTable:
    """A game in round 1's live phase: who sits where, and each player's token."""

    game: Game
    tokens: dict[str, str]
    cookie: str
    customer: str
    coach: str
    responders: list[str]

    def clients(
        self, server_for: Callable[[str], RunningServer]
    ) -> tuple[ResumingClient, dict[str, ResumingClient]]:
        """The facilitator's client and one per player, each on the server `server_for` names."""
        facilitator = ResumingClient(
            "facilitator", server_for("facilitator"), self.game.code, cookie=self.cookie
        )
        players = {
            name: ResumingClient(name, server_for(name), self.game.code, token=token)
            for name, token in self.tokens.items()
        }
        return facilitator, players


@sync_to_async
def live_table(players: int = 4, **settings: Any) -> LiveTable:
    game = factories.game(total_rounds=1, **settings)
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:players]}
    factories.advance_to(game, "live")
    seats = {
        seat.participant.display_name: seat.role
        for seat in SeatAssignment.objects.filter(game=game, round_number=1).select_related(
            "participant"
        )
    }
    return LiveTable(
        game=game,
        tokens=tokens,
        cookie=facilitator_cookie(game.facilitator)[1].decode(),
        customer=next(name for name, role in seats.items() if role == Role.CUSTOMER),
        coach=next(name for name, role in seats.items() if role == Role.COACH),
        responders=sorted(name for name, role in seats.items() if role == Role.RESPONDER),
    )


@sync_to_async
def log_as_seen_by(client: ResumingClient, game: Game, up_to_seq: int) -> list[dict[str, Any]]:
    """The log up to `up_to_seq`, filtered to what `client` may see, from the round of its
    last snapshot on (a snapshot carries only its round's events)."""
    participant = (
        Participant.objects.get(pk=client.participant_id) if client.participant_id else None
    )
    return [
        event
        for event in events_since(game, Viewer(participant=participant), 0, up_to_seq=up_to_seq)
        if event["round"] >= client.snapshot["game"]["round"]
    ]


async def assert_holds_exactly_the_log_filtered_for_it(
    game: Game, clients: list[ResumingClient]
) -> None:
    for client in clients:
        assert client.problems == [], client.name
        # What the client holds at this instant: an event still arriving (say, the news that a
        # socket closed) must not land between reading the log and reading the client.
        held, seq = list(client.held), client.seq
        assert seq is not None
        expected = await log_as_seen_by(client, game, seq)
        assert [e["seq"] for e in held] == [e["seq"] for e in expected], client.name
        assert held == expected, client.name


@sync_to_async
def last_seq(game: Game) -> int:
    game.refresh_from_db(fields=["last_seq"])
    return game.last_seq


@sync_to_async
def events_with_id(game: Game, client_msg_id: str) -> list[Event]:
    return list(Event.objects.filter(game=game, client_msg_id=client_msg_id))


async def wait_until_all_hold(clients: list[ResumingClient], seq: int) -> None:
    for client in clients:
        await client.wait_for(functools.partial(_holds, client, seq), what=f"seq {seq}")


def _holds(client: ResumingClient, seq: int) -> bool:
    return client.seq is not None and client.seq >= seq
