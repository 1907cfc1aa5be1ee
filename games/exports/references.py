"""Where each event type's payload refers to a participant: by id, by display name, or inside
text a person typed. Exports renumber the ids and anonymise the names through this table, and
imports check and remap the ids through it.

Every event type the services write must be listed here (a test reads the services and checks);
a path is dot-separated keys, with `*` for every item of a list or every value of a mapping.
"""

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Container = dict[str, Any] | list[Any]


@dataclass(frozen=True)
class PayloadFields:
    participants: tuple[str, ...] = ()  # a participant id (or null)
    names: tuple[str, ...] = ()  # a participant's display name, as the services wrote it
    free_text: tuple[str, ...] = ()  # text a person typed: names in it are replaced too


_CLOCK = PayloadFields(free_text=("reason", "hold_reason"))
_SEAT_PLAN = ("rounds.*.*",)
_RATING_TEXT = (
    "customer_rating.calmer",
    "customer_rating.angrier",
    "customer_rating.reasons.*",
)

EVENT_FIELDS: dict[str, PayloadFields] = {
    "game.created": PayloadFields(),  # its code and team name are the game's (see services)
    "game.locked": PayloadFields(),
    "participant.joined": PayloadFields(
        participants=("participant.id",), names=("participant.name",)
    ),
    "participant.removed": PayloadFields(participants=("participant",), names=("name",)),
    "participant.connected": PayloadFields(participants=("participant",)),
    "participant.disconnected": PayloadFields(participants=("participant",)),
    "seats.planned": PayloadFields(
        participants=tuple(f"{path}.participant" for path in _SEAT_PLAN),
        names=tuple(f"{path}.name" for path in _SEAT_PLAN),
    ),
    "seats.swapped": PayloadFields(
        participants=("participants.*", *(f"{path}.participant" for path in _SEAT_PLAN)),
        names=tuple(f"{path}.name" for path in _SEAT_PLAN),
    ),
    "seats.customer_given": PayloadFields(participants=("customer", "previous")),
    "phase.changed": _CLOCK,  # an override's reason is the facilitator's own words
    "round.opened": PayloadFields(
        participants=("seats.*.participant",),
        names=("seats.*.name",),
        free_text=("agreed_changes.*.text",),
    ),
    "mood.changed": PayloadFields(),
    "message.posted": PayloadFields(names=("author",), free_text=("text",)),
    "coach.note": PayloadFields(names=("author",), free_text=("text",)),
    "tag.added": PayloadFields(participants=("participant",), free_text=("note",)),
    "tag.updated": PayloadFields(free_text=("note",)),
    "tag.removed": PayloadFields(),
    "tag.suggested": PayloadFields(),  # the detector's, on a message
    "tag.suggestion_dismissed": PayloadFields(),
    "round.frozen": _CLOCK,
    "round.unfrozen": _CLOCK,
    "escalation.played": PayloadFields(),
    "escalation.reason": PayloadFields(free_text=("why",)),
    "customer.rated": PayloadFields(free_text=("calmer", "angrier", "reasons.*")),
    "concession.recorded": PayloadFields(names=("by",)),
    "debrief.revealed": PayloadFields(
        participants=("tags.*.participant",),
        names=("notes.*.author",),
        free_text=("notes.*.text", "tags.*.note", *_RATING_TEXT),
    ),
    "rubric.rated": PayloadFields(),
    "feedback.given": PayloadFields(names=("author",), free_text=("keep", "change")),
    "reflection.added": PayloadFields(names=("author",), free_text=("text",)),
    "change.proposed": PayloadFields(names=("author",), free_text=("text",)),
    "change.voted": PayloadFields(names=("voter",)),
    "change.agreed": PayloadFields(free_text=("text", "reason")),
    "change.marked": PayloadFields(),
    "round.summarized": PayloadFields(
        names=(
            "flagged_concessions.*.by",
            "handoffs.turns.*.authors.*",
            "handoffs.promises.*.author",
        ),
        free_text=(
            *_RATING_TEXT,
            "feedback.keep",
            "feedback.change",
            "agreed_changes.*.text",
            "agreed_changes.*.reason",
            "handoffs.promises.*.text",
        ),
    ),
    "review.annotated": PayloadFields(names=("author",), free_text=("text",)),
    "inject.fired": PayloadFields(),
    "inject.delivered": PayloadFields(),
    "clock.paused": _CLOCK,
    "clock.resumed": _CLOCK,
    "clock.extended": _CLOCK,
    "round.held": _CLOCK,
    "round.released": _CLOCK,
}


def field_path(parts: list[str | int]) -> str:
    """`seats[0].participant`: keys dotted, list positions in brackets."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class Spot:
    """One place in a payload: its concrete path, and the mapping or list that holds it."""

    where: list[str | int]
    container: Container

    def get(self) -> Any:
        key = self.where[-1]
        if isinstance(self.container, dict):
            return self.container[str(key)]
        return self.container[int(key)]

    def set(self, value: Any) -> None:
        key = self.where[-1]
        if isinstance(self.container, dict):
            self.container[str(key)] = value
        else:
            self.container[int(key)] = value


def locate(payload: dict[str, Any], path: str) -> Iterator[Spot]:
    """Every place `path` names in `payload` that exists."""

    def walk(node: Any, parts: list[str], where: list[str | int]) -> Iterator[Spot]:
        head, rest = parts[0], parts[1:]
        if head == "*":
            if isinstance(node, dict):
                items: list[tuple[str | int, Any]] = list(node.items())
            elif isinstance(node, list):
                items = list(enumerate(node))
            else:
                return
        elif isinstance(node, dict) and head in node:
            items = [(head, node[head])]
        else:
            return
        for key, child in items:
            if rest:
                yield from walk(child, rest, [*where, key])
            else:
                yield Spot([*where, key], node)

    yield from walk(payload, path.split("."), [])


def rewritten(
    payload: dict[str, Any],
    paths: tuple[str, ...],
    change: Callable[[Any, list[str | int]], Any],
) -> dict[str, Any]:
    """A copy of `payload` with the value at each of `paths` replaced by `change(value, where)`."""
    result = copy.deepcopy(payload)
    for path in paths:
        for spot in locate(result, path):
            spot.set(change(spot.get(), spot.where))
    return result
