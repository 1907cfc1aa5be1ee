"""Handoffs across functions in one round's room: who was talking with the customer when, how long
each handoff took, and promises one function made that nobody followed up.

A *turn* is a run of consecutive responder messages from the same functions (the customer's
messages do not end a turn). A *handoff* is the change from one turn to the next; it took the time
from the last message of the first turn to the first message of the next. A *promise* is a
message the detector reads as a resolution, a follow-up commitment or a vague promise; it is
*followed up* when a later responder message shares at least two content words with it (the same
matching the scripted customer uses for wants), so "I'll get finance to approve the credit by
three" is followed up by "Finance approved the credit". Times are seconds since the live phase
began, by the wall clock (a pause counts).
"""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from games.engine.detector import detect_techniques
from games.engine.scripted_customer import content_words

PROMISES = frozenset({"present_resolution", "overcommunicate", "vague_promise"})
FOLLOW_UP_OVERLAP = 2


@dataclass(frozen=True)
class Turn:
    functions: tuple[str, ...]
    authors: tuple[str, ...]
    from_seconds: float
    to_seconds: float
    messages: int


@dataclass(frozen=True)
class Handoff:
    from_functions: tuple[str, ...]
    to_functions: tuple[str, ...]
    at_seconds: float
    took_seconds: float


@dataclass(frozen=True)
class Promise:
    seq: int
    author: str
    functions: tuple[str, ...]
    text: str
    at_seconds: float
    followed_up_by: int | None  # the seq of the message that followed it up


@dataclass
class HandoffReport:
    turns: list[Turn] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)

    @property
    def unkept_promises(self) -> list[Promise]:
        return [promise for promise in self.promises if promise.followed_up_by is None]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "unkept_promises": len(self.unkept_promises)}


@dataclass(frozen=True)
class _Said:
    seq: int
    author: str
    functions: tuple[str, ...]
    text: str
    at_seconds: float


def _live_start(events: Sequence[Mapping[str, Any]]) -> datetime | None:
    for event in events:
        if event["type"] == "phase.changed" and event["payload"].get("phase") == "live":
            return datetime.fromisoformat(event["at"])
    return None


def _responder_messages(events: Sequence[Mapping[str, Any]]) -> list[_Said]:
    start = _live_start(events)
    if start is None:
        return []
    return [
        _Said(
            seq=event["seq"],
            author=str(payload.get("author", "")),
            functions=tuple(payload.get("functions") or ()),
            text=str(payload["text"]),
            at_seconds=round((datetime.fromisoformat(event["at"]) - start).total_seconds(), 1),
        )
        for event in events
        if event["type"] == "message.posted"
        and (payload := event["payload"]).get("channel") == "room"
        and payload.get("role") == "responder"
    ]


def _turns(said: list[_Said]) -> list[Turn]:
    turns: list[Turn] = []
    for message in said:
        last = turns[-1] if turns else None
        if last is not None and last.functions == message.functions:
            authors = last.authors + (
                (message.author,) if message.author not in last.authors else ()
            )
            turns[-1] = Turn(
                last.functions, authors, last.from_seconds, message.at_seconds, last.messages + 1
            )
        else:
            turns.append(
                Turn(
                    message.functions, (message.author,), message.at_seconds, message.at_seconds, 1
                )
            )
    return turns


def _promises(said: list[_Said]) -> list[Promise]:
    promises = []
    for index, message in enumerate(said):
        if not {found.technique for found in detect_techniques(message.text)} & PROMISES:
            continue
        words = content_words(message.text)
        follow_up = next(
            (
                later.seq
                for later in said[index + 1 :]
                if len(words & content_words(later.text)) >= FOLLOW_UP_OVERLAP
            ),
            None,
        )
        promises.append(
            Promise(
                message.seq,
                message.author,
                message.functions,
                message.text,
                message.at_seconds,
                follow_up,
            )
        )
    return promises


def handoff_report(events: Sequence[Mapping[str, Any]]) -> HandoffReport:
    """Read one round's events (in seq order, every audience) for its handoffs and promises."""
    said = _responder_messages(events)
    turns = _turns(said)
    handoffs = [
        Handoff(
            before.functions,
            after.functions,
            after.from_seconds,
            round(after.from_seconds - before.to_seconds, 1),
        )
        for before, after in itertools.pairwise(turns)
    ]
    return HandoffReport(turns=turns, handoffs=handoffs, promises=_promises(said))
