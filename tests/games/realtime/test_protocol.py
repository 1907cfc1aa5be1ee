"""The protocol is defined once: the exported JSON Schema must match protocol.py."""

import pytest
from pydantic import ValidationError

from games.management.commands.export_protocol_schema import (
    PROTOCOL_DOC,
    SCHEMA_FILE,
    protocol_doc_with_table,
    rendered_schema,
)
from games.protocol import CLIENT_MESSAGE, PostMessage, SetMood


def test_the_frontend_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == rendered_schema(), (
        "frontend/src/realtime/protocol.schema.json is stale: "
        "run `python manage.py export_protocol_schema`"
    )


def test_the_protocol_doc_lists_every_event_type_as_the_catalogue_declares_it():
    text = PROTOCOL_DOC.read_text(encoding="utf-8")

    assert text == protocol_doc_with_table(text), (
        "docs/protocol.md's event types are stale: run `python manage.py export_protocol_schema`"
    )
    assert "| `inject.delivered` | `customer`, `team` |" in text


def test_commands_are_told_apart_by_their_type():
    post = CLIENT_MESSAGE.validate_json(
        '{"type": "post_message", "client_msg_id": "a1", "channel": "room", "text": "Hi"}'
    )
    mood = CLIENT_MESSAGE.validate_json('{"type": "set_mood", "client_msg_id": "a2", "mood": 4}')

    assert isinstance(post, PostMessage)
    assert isinstance(mood, SetMood)


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "set_mood", "client_msg_id": "a", "mood": "4"}',
        '{"type": "set_mood", "client_msg_id": "a", "mood": 4.5}',
        '{"type": "post_message", "client_msg_id": "a", "channel": "lobby", "text": "x"}',
        '{"type": "post_message", "channel": "room", "text": "no id"}',
        '{"type": "hello", "token": "t", "extra": 1}',
    ],
)
def test_wrong_types_missing_ids_and_unknown_fields_are_refused(frame):
    with pytest.raises(ValidationError):
        CLIENT_MESSAGE.validate_json(frame)
