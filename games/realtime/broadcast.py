"""Fan-out: after a transaction commits, its events go to every socket of the game's group.

Each socket filters what it receives by what its participant may read (see consumers.py), so
the group message carries the audience but the socket never forwards what it must not.
"""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from games.models import Event


def game_group(game_id: int) -> str:
    return f"game.{game_id}"


def event_message(event: Event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "round": event.round_number,
        "type": event.type,
        "audience": event.audience,
        "addressee": event.addressee_id,
        "actor": event.actor_id,
        "at": event.created_at.isoformat(),
        "payload": event.payload,
    }


def broadcast_events(game_id: int, events: list[Event]) -> None:
    layer = get_channel_layer()
    if layer is None or not events:
        return
    async_to_sync(layer.group_send)(
        game_group(game_id),
        {"type": "game.events", "events": [event_message(event) for event in events]},
    )
