"""Aliases for an anonymised export: "Participant 1", "Participant 2"... in the order people joined,
for their display names and for those names wherever someone typed them."""

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Person:
    id: int  # the document's participant id
    name: str
    joined_seq: int  # the seq of their participant.joined event (0 if the log has none)


def alias_of(person_id: int) -> str:
    return f"Participant {person_id}"


@dataclass
class Aliases:
    """Names are unique among the people present, but a removed player's name may be taken by a
    later joiner: a name is resolved to the person who held it at the event's seq."""

    people: list[Person]
    _holders: dict[str, list[Person]] = field(init=False, default_factory=dict)
    _pattern: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        for person in sorted(self.people, key=lambda p: (p.joined_seq, p.id)):
            self._holders.setdefault(person.name.casefold(), []).append(person)
        names = sorted({person.name for person in self.people}, key=len, reverse=True)
        if names:
            # Whole words only, whatever the case: "Ann" in "ann, can you" but not in "Anna".
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def _holder(self, name: str, seq: int) -> Person | None:
        holders = self._holders.get(name.casefold(), [])
        earlier = [person for person in holders if person.joined_seq <= seq]
        if earlier:
            return earlier[-1]
        return holders[0] if holders else None

    def name(self, value: Any, seq: int) -> Any:
        """A display name field: the alias of whoever had that name at `seq`; any other value
        (the facilitator, the system) is left as it is."""
        if not isinstance(value, str):
            return value
        holder = self._holder(value, seq)
        return alias_of(holder.id) if holder is not None else value

    def text(self, value: Any, seq: int) -> Any:
        """Free text: every participant's name in it, as a whole word, becomes their alias."""
        if not isinstance(value, str) or self._pattern is None:
            return value

        def alias(match: re.Match[str]) -> str:
            holder = self._holder(match.group(0), seq)
            return alias_of(holder.id) if holder is not None else match.group(0)

        return self._pattern.sub(alias, value)
