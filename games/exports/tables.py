"""The CSV exports: the transcript of a game and its figures round by round.

A cell a person typed could be read by a spreadsheet as a formula (`=HYPERLINK(...)`), so every
text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe: the spreadsheet shows it as text. Files start with a byte order mark, so
spreadsheet programs read them as UTF-8.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from games.engine.scoring import RoundOutcome, current_tags
from games.exports.document import EventRecord, GameExport
from games.exports.timeline import live_seconds_by_seq

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"

TRANSCRIPT_COLUMNS = [
    "round",
    "seq",
    "time",
    "live_seconds",
    "channel",
    "author",
    "role",
    "functions",
    "text",
    "tags",
]
ROUND_COLUMNS = [
    "round",
    "final_mood",
    "time_to_calm_seconds",
    "listened",
    "cared",
    "valued",
    "would_stay",
    "rubric_not_seen",
    "rubric_attempted",
    "rubric_done_well",
    "good_moves",
    "anti_patterns",
    "good_move_tags",
    "anti_pattern_tags",
    "give_cost",
    "flagged_concessions",
    "escalations",
    "agreed_changes",
    "changes_kept",
    "changes_not_kept",
]


def safe_cell(value: Any) -> Any:
    """A value as a spreadsheet must show it: text that looks like a formula stays text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rendered_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({column: safe_cell(row.get(column)) for column in columns})
    return out.getvalue()


# The transcript -----------------------------------------------------------------------------


def _as_message(event: EventRecord) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "type": event.type,
        "at": event.created_at,
        "payload": event.payload,
    }


def transcript_rows(document: GameExport) -> list[dict[str, Any]]:
    """Room and huddle messages, coach notes and tagged moments, in the order they happened.

    A message's `tags` are the coach's tags on it as they stand (edits and removals applied).
    A moment tagged without a message (a spoken round) is a row of its own: its author is the
    person who made the move."""
    messages = [_as_message(event) for event in document.events]
    live_seconds = live_seconds_by_seq(messages)
    tags = current_tags(messages)
    tags_on: dict[int, list[str]] = {}
    for tag in tags.values():
        if tag.get("message") is not None:
            note = f" ({tag['note']})" if tag.get("note") else ""
            tags_on.setdefault(tag["message"], []).append(f"{tag['technique']}{note}")
    names = {person.id: person.display_name for person in document.participants}
    seats = {(seat.round_number, seat.participant): seat for seat in document.seats}

    def role_of(event: EventRecord, participant: int | None) -> str:
        if participant is None:
            return "facilitator" if event.by_facilitator else ""
        seat = seats.get((event.round_number, participant))
        return str(seat.role) if seat else "observer"

    rows = []
    for event in document.events:
        payload = event.payload
        row: dict[str, Any] = {
            "round": event.round_number,
            "seq": event.seq,
            "time": event.created_at.isoformat(),
            "live_seconds": payload.get("live_seconds", live_seconds.get(event.seq)),
        }
        if event.type == "message.posted":
            row |= {
                "channel": payload.get("channel"),
                "author": payload.get("author"),
                "role": payload.get("role"),
                "functions": " ".join(payload.get("functions") or []),
                "text": payload.get("text"),
                "tags": "; ".join(tags_on.get(event.seq, [])),
            }
        elif event.type == "coach.note":
            row |= {
                "channel": "coach_note",
                "author": payload.get("author"),
                "role": role_of(event, event.actor),
                "text": payload.get("text"),
            }
        elif event.type == "tag.added" and event.seq in tags and tags[event.seq]["message"] is None:
            tag, participant = tags[event.seq], tags[event.seq].get("participant")
            row |= {
                "channel": "moment",
                "author": names.get(participant, "") if participant is not None else "",
                "role": role_of(event, participant) if participant is not None else "",
                "text": tag.get("note"),
                "tags": tag.get("technique"),
            }
        else:
            continue
        rows.append(row)
    return rows


def transcript_csv(document: GameExport) -> str:
    return rendered_csv(TRANSCRIPT_COLUMNS, transcript_rows(document))


# The figures, round by round ----------------------------------------------------------------


def _counts(tags: dict[str, int]) -> str:
    return "; ".join(f"{technique}: {count}" for technique, count in sorted(tags.items()))


def round_row(outcome: RoundOutcome, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """One round's figures. `changes` are the changes agreed in it (games.services.coaching's
    `agreed_changes`), each with the coach's kept marks from later rounds: the latest counts."""
    rating = outcome.customer_rating or {}
    levels = list(outcome.rubric_ratings.values())
    last_marks = [change["kept"][-1]["kept"] for change in changes if change["kept"]]
    return {
        "round": outcome.round,
        "final_mood": outcome.final_mood,
        "time_to_calm_seconds": outcome.time_to_calm_seconds,
        "listened": rating.get("listened"),
        "cared": rating.get("cared"),
        "valued": rating.get("valued"),
        "would_stay": rating.get("would_stay"),
        "rubric_not_seen": levels.count("not_seen"),
        "rubric_attempted": levels.count("attempted"),
        "rubric_done_well": levels.count("done_well"),
        "good_moves": sum(outcome.good_move_tags.values()),
        "anti_patterns": sum(outcome.anti_pattern_tags.values()),
        "good_move_tags": _counts(outcome.good_move_tags),
        "anti_pattern_tags": _counts(outcome.anti_pattern_tags),
        "give_cost": outcome.give_cost,
        "flagged_concessions": len(outcome.flagged_concessions),
        "escalations": "; ".join(outcome.escalations),
        "agreed_changes": " | ".join(
            str(change["text"]) + (" (forced)" if change["forced"] else "") for change in changes
        ),
        "changes_kept": last_marks.count(True),
        "changes_not_kept": last_marks.count(False),
    }


def rounds_csv(outcomes: list[RoundOutcome], changes: list[dict[str, Any]]) -> str:
    rows = [
        round_row(outcome, [change for change in changes if change["round"] == outcome.round])
        for outcome in outcomes
    ]
    return rendered_csv(ROUND_COLUMNS, rows)
