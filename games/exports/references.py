"""Where each event type's payload refers to a participant: by id, by display name, or inside
text a person typed. Exports renumber the ids and anonymise the names through this table, and
imports check and remap the ids through it.

The table is read off the event catalogue (games/catalogue.py), which marks each such field;
a path is dot-separated keys, with `*` for every item of a list or every value of a mapping.
"""

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from games.catalogue import PAYLOADS, Payload, Ref, references

Container = dict[str, Any] | list[Any]


@dataclass(frozen=True)
class PayloadFields:
    participants: tuple[str, ...] = ()  # a participant id (or null)
    names: tuple[str, ...] = ()  # a participant's display name, as the services wrote it
    free_text: tuple[str, ...] = ()  # text a person typed: names in it are replaced too


def _fields_of(payload: type[Payload]) -> PayloadFields:
    found = references(payload)
    return PayloadFields(
        participants=found[Ref.PARTICIPANT], names=found[Ref.NAME], free_text=found[Ref.FREE_TEXT]
    )


# Read off the catalogue's markers (ParticipantId, PersonName, Typed), so a new event type or
# field is anonymised the moment it is declared.
EVENT_FIELDS: dict[str, PayloadFields] = {
    type_name: _fields_of(payload) for type_name, payload in PAYLOADS.items()
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
