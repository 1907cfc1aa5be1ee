"""The game export format: one pydantic model of the whole document, versioned.

This module is the single definition of the format. Its JSON Schema is published as
docs/export.schema.json (`python manage.py export_game --schema`) and docs/exports.md explains it.

Version policy: a field added with a default keeps `version: 1` (older documents still read);
renaming, removing or changing the meaning of a field makes a new version. Every part refuses
fields it does not know, so nothing is dropped silently.
"""

import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from games.engine.phases import Phase
from games.engine.roles import Audience, Role
from games.models import CoachMode, ConversationMode

FORMAT = "bearcave.game-export"
VERSION = 1

# Ids and sequence numbers: positive, and within every database's integer columns.
Id = Annotated[int, Field(ge=1, le=2**53 - 1)]
RoundNumber = Annotated[int, Field(ge=0, le=32767)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioRecord(Part):
    """The exact scenario version the game was played on."""

    slug: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="The scenario id, e.g. `late-pallets`."
    )
    number: Id = Field(
        description="The version number on the exporting server (informational: an import "
        "links or creates the version with the same content hash)."
    )
    content_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the validated scenario (scenarios.loader.content_hash)."
    )
    document: dict[str, Any] = Field(description="The validated scenario (docs/scenarios.md).")
    source: Annotated[str, StringConstraints(max_length=1_000_000)] = Field(
        description="The YAML file as it was imported."
    )


class GameSettingsRecord(Part):
    """What the facilitator chose when creating the game."""

    name: Annotated[str, StringConstraints(max_length=120)] = Field(
        description="The team or table name; empty in an anonymised export."
    )
    conversation_mode: ConversationMode
    coach_mode: CoachMode
    total_rounds: int = Field(ge=1, le=12)
    briefing_seconds: int = Field(
        default=0, ge=0, le=30 * 60, description="0: briefing waits for the facilitator."
    )
    live_seconds: int = Field(ge=1, le=90 * 60)
    debrief_seconds: int = Field(ge=1, le=60 * 60)
    functions: list[Annotated[str, StringConstraints(max_length=64)]] = Field(
        min_length=1, description="The responder functions in play, from the scenario."
    )
    max_players: int = Field(ge=1, le=32767)
    scripted_customer: bool = Field(
        default=False, description="The scripted customer plays the customer seat."
    )
    scripted_difficulty: Literal["patient", "typical", "furious"] = Field(
        default="typical", description="How fast the scripted customer calms and angers."
    )


class GameStateRecord(Part):
    """Where the game stood when it was exported."""

    phase: Phase
    round_number: RoundNumber
    phase_deadline: datetime | None = None
    paused_remaining: timedelta | None = Field(
        default=None, description="Time left on a paused clock (ISO 8601 duration)."
    )
    phase_allotted: timedelta | None = Field(
        default=None, description="Everything the current phase was given, extensions included."
    )
    hold_reason: Annotated[str, StringConstraints(max_length=200)] = ""
    locked: bool = Field(default=False, description="Closed to new players.")
    replays_open: bool = Field(
        default=False,
        description="Players may replay finished rounds, each from the seat they held in it.",
    )
    last_seq: int = Field(ge=0, le=2**53 - 1, description="The seq of the last event.")
    created_at: datetime


class TrainingDayRecord(Part):
    """The training day the game was a table of (docs/api.md, "Training days")."""

    name: Annotated[str, StringConstraints(max_length=120)] = Field(
        description="The day's name; empty in an anonymised export."
    )
    table: int = Field(ge=1, le=32767, description="The table's number in the day.")
    functions: dict[str, Annotated[str, StringConstraints(max_length=60)]] = Field(
        default_factory=dict,
        description="The function or department each participant (by this document's id) gave "
        "when joining the day; empty in an anonymised export.",
    )


class GameRecord(Part):
    code: Annotated[str, StringConstraints(max_length=8)] = Field(
        description="The join code on the exporting server; an import draws a fresh one."
    )
    facilitator: str | None = Field(
        default=None,
        description="The facilitator's username (informational); null in an anonymised export.",
    )
    settings: GameSettingsRecord
    state: GameStateRecord
    training_day: TrainingDayRecord | None = Field(
        default=None,
        description="Set when the game was a table of a training day (informational: an "
        "import makes a game of its own).",
    )


class ParticipantRecord(Part):
    """Someone who joined. `id` is this document's own: 1, 2, ... in the order they joined."""

    id: Id
    display_name: Name = Field(description='"Participant 1"... in an anonymised export.')
    observer: bool = Field(default=False, description="Watches only; takes no seat.")
    scripted: bool = Field(default=False, description="The scripted customer, not a person.")
    joined_at: datetime
    removed_at: datetime | None = None


class SeatRecord(Part):
    """One participant's seat in one round (the rotation plan)."""

    round_number: RoundNumber
    participant: Id
    role: Role
    functions: list[Annotated[str, StringConstraints(max_length=64)]] = Field(default_factory=list)


class EventRecord(Part):
    """One entry of the log, as stored (docs/protocol.md lists the types and payloads)."""

    seq: Id
    round_number: RoundNumber
    type: Annotated[str, StringConstraints(max_length=40)]
    audience: Audience
    addressee: Id | None = Field(default=None, description="A participant id of this document.")
    actor: Id | None = Field(default=None, description="A participant id of this document.")
    by_facilitator: bool = Field(
        default=False, description="The game's facilitator acted (the event's actor_user)."
    )
    payload: dict[str, Any] = Field(
        default_factory=dict,
        description="As on the socket, with participant ids of this document.",
    )
    created_at: datetime
    actor_key: Annotated[
        str, StringConstraints(pattern=r"^(|system|facilitator|p[1-9][0-9]*)$")
    ] = Field(
        default="",
        description="Who sent the command: `p<participant id>`, `facilitator`, `system`, "
        "or empty for an event no command asked for.",
    )
    client_msg_id: Annotated[str, StringConstraints(max_length=64)] = Field(
        default="", description="The command's id, so a retried command was applied once."
    )


class GameExport(Part):
    """A whole game: its scenario version, settings and state, participants, seats and log."""

    model_config = ConfigDict(extra="forbid", title="Bear Cave game export")

    format: Literal["bearcave.game-export"] = Field(description="Always this string.")
    version: Literal[1] = Field(description="The format's version (see docs/exports.md).")
    exported_at: datetime
    anonymised: bool = Field(
        default=False,
        description="Names replaced by aliases, the team name blanked, no facilitator.",
    )
    scenario: ScenarioRecord
    game: GameRecord
    participants: list[ParticipantRecord]
    seats: list[SeatRecord]
    events: list[EventRecord] = Field(description="The whole log in seq order: 1, 2, 3...")


def export_json_schema() -> dict[str, Any]:
    schema: dict[str, Any] = GameExport.model_json_schema(mode="validation")
    return schema


def rendered_json_schema() -> str:
    """docs/export.schema.json as it should read."""
    return json.dumps(export_json_schema(), indent=2, ensure_ascii=False) + "\n"


def rendered_document(document: GameExport) -> str:
    """The document as JSON text that is inert in a browser: `<`, `>` and `&` are escaped
    (\\u003c...), so a name like `<script>` stays data even if the file is opened as HTML."""
    text = document.model_dump_json(indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
