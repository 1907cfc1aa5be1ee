"""Appending to a game's event log. Every service writes its events through here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Subquery
from django.utils import timezone

from games.engine.roles import Audience
from games.models import Event, Game, Participant
from games.realtime.broadcast import broadcast_events

RowModel = TypeVar("RowModel", bound=models.Model)


@dataclass(frozen=True)
class Command:
    """Who sent a command and its client-chosen id, so a retry is applied once."""

    actor_key: str
    client_msg_id: str = ""


def game_for_update(game_id: int) -> Game:
    """Lock the game row: every write to a game's state and log happens under this lock, so
    sequence numbers are consecutive and commands see each other's effects."""
    return Game.objects.select_for_update().get(pk=game_id)


def game_for_command(game_id: int, command: Command | None) -> tuple[Game, int | None]:
    """Lock the game as game_for_update does and, in the same read, find the seq of the event
    this command already produced if it is a retry: one round trip where two were."""
    games = Game.objects.select_for_update()
    if command is not None and command.client_msg_id:
        games = games.annotate(replayed_seq=Subquery(_events_of(game_id, command).values("seq")))
    game = games.get(pk=game_id)
    return game, getattr(game, "replayed_seq", None)


def _events_of(game_id: int, command: Command) -> "models.QuerySet[Event]":
    # The unique index on (game, actor_key, client_msg_id) is partial (non-empty ids only): the
    # database uses it only when the query says so too, and no ORDER BY tempts it onto the
    # (game, seq) index instead. Either way every command would read the game's whole log.
    return (
        Event.objects.filter(
            game_id=game_id, actor_key=command.actor_key, client_msg_id=command.client_msg_id
        )
        .exclude(client_msg_id="")
        .order_by()[:1]
    )


def one_row(rows: "models.QuerySet[RowModel]") -> RowModel | None:
    """The one row a query names (it filters on a unique key), or None: without the ORDER BY
    that `first()` adds, which costs the database a sort and the ORM a quarter of the query."""
    return next(iter(rows.order_by()[:1]), None)


def event_append(
    game: Game,
    *,
    type: str,
    audience: Audience,
    payload: dict[str, Any] | None = None,
    actor: Participant | None = None,
    actor_user: User | None = None,
    addressee: Participant | None = None,
    command: Command | None = None,
) -> Event:
    """Append one event to the log of `game`, which the caller holds locked (game_for_update).

    The broadcast is scheduled for after the commit: a client never sees an event that a
    rollback could take back.
    """
    game.last_seq += 1
    Game.objects.filter(pk=game.pk).update(last_seq=game.last_seq)
    event = Event.objects.create(
        game=game,
        seq=game.last_seq,
        round_number=game.round_number,
        type=type,
        audience=audience,
        payload=payload or {},
        actor=actor,
        actor_user=actor_user,
        addressee=addressee,
        created_at=timezone.now(),
        actor_key=command.actor_key if command else "",
        client_msg_id=command.client_msg_id if command else "",
    )
    transaction.on_commit(lambda: broadcast_events(game.pk, [event]))
    return event


def run_command(game_id: int, command: Command | None, apply: Callable[[Game], Event]) -> Event:
    """Run one command against the locked game; a retried command returns its first event and
    changes nothing."""
    with transaction.atomic():
        game, replayed_seq = game_for_command(game_id, command)
        if replayed_seq is not None:
            return Event.objects.get(game=game, seq=replayed_seq)
        return apply(game)
