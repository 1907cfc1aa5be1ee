"""The export format keeps up with the code: its published JSON Schema is fresh, every event
type the services write is mapped, and every model field is exported or knowingly left out."""

from pathlib import Path

from django.conf import settings
from django.db import models
from pydantic import BaseModel

from games.catalogue import PAYLOADS
from games.exports.document import (
    EventRecord,
    GameSettingsRecord,
    GameStateRecord,
    ParticipantRecord,
    SeatRecord,
    rendered_json_schema,
)
from games.exports.references import EVENT_FIELDS, PayloadFields
from games.models import Event, Game, Participant, SeatAssignment

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "export.schema.json"
GAMES = Path(settings.BASE_DIR) / "games"


def test_the_published_json_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == rendered_json_schema(), (
        "docs/export.schema.json is stale: run `python manage.py export_game --schema "
        "-o docs/export.schema.json` (make schemas)"
    )


def test_every_event_type_of_the_catalogue_says_where_it_names_people():
    assert set(EVENT_FIELDS) == set(PAYLOADS)
    assert EVENT_FIELDS["message.posted"] == PayloadFields(names=("author",), free_text=("text",))
    assert EVENT_FIELDS["seats.swapped"].participants == (
        "participants.*",
        "rounds.*.*.participant",
    )
    assert "handoffs.promises.*.text" in EVENT_FIELDS["round.summarized"].free_text


# Model fields that are not copied as they are, and why.
LEFT_OUT: dict[type[models.Model], dict[str, str]] = {
    Game: {
        "id": "a new row on import",
        "code": "informational in the document; an import draws a fresh one",
        "facilitator": "the importer runs the copy; the document names the username at most",
        "organisation": "the importer's organisation owns the copy",
        "scenario_version": "the document's `scenario`, linked or imported by content hash",
        "wake_at": "the clock leaves an imported game alone",
    },
    Participant: {
        "id": "renumbered 1, 2, ... in the document, new rows on import",
        "game": "the document is one game",
        "name_key": "derived from display_name",
        "token_nonce": "a secret; an import draws new ones",
        "banned": "a ban keeps someone out of this game on this server; a copy starts with none",
        "browser_key": "identifies a player's browser to this server only; private",
    },
    SeatAssignment: {"id": "a new row", "game": "the document is one game"},
    Event: {
        "id": "a new row",
        "game": "the document is one game",
        "actor_user": "by_facilitator: only the game's facilitator acts as a user",
    },
}
RECORDS: dict[type[models.Model], list[type[BaseModel]]] = {
    Game: [GameSettingsRecord, GameStateRecord],
    Participant: [ParticipantRecord],
    SeatAssignment: [SeatRecord],
    Event: [EventRecord],
}


def test_every_model_field_is_exported_or_knowingly_left_out():
    for model, records in RECORDS.items():
        exported = {name for record in records for name in record.model_fields}
        fields = {field.name for field in model._meta.concrete_fields}

        assert fields - exported - set(LEFT_OUT[model]) == set(), (
            f"{model.__name__}: add the new fields to games/exports/document.py (with a default) "
            "or say here why they are not exported"
        )
