"""One command table serves both edges: every protocol command has one entry, its REST body is
its socket fields less what the URL carries, and every invalid body gets the same error over
REST as on the socket, field by field."""

import json
import typing
from typing import Any
from urllib.parse import urlencode

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from games import protocol
from games.api.commands import rest_body
from games.commands import COMMANDS, SPEC_OF, CommandSpec, describe
from games.engine.phases import Phase
from tests import factories
from tests.games.realtime.client import SocketPlayer, facilitator_cookie

pytestmark = pytest.mark.django_db(transaction=True)

# A valid value for each field any command has, so that one wrong field is the only problem.
VALID: dict[str, Any] = {
    "channel": "room",
    "text": "Hello.",
    "mood": 3,
    "inject": "client-calls",
    "expected_phase": "live",
    "override_reason": "",
    "seconds": 30,
    "round": 1,
    "first": 1,
    "second": 2,
    "participant": 1,
    "locked": True,
    "open": True,
    "difficulty": "typical",
    "reasons": {"listened": "They let me finish."},
    "ban": False,
    "technique": "acknowledge",
    "note": "",
    "message": 1,
    "suggested": False,
    "tag": 1,
    "reason": "Time.",
    "card": "review",
    "why": "",
    "listened": 3,
    "cared": 3,
    "valued": 3,
    "final_mood": 3,
    "would_stay": "yes",
    "calmer": "",
    "angrier": "",
    "concession": "waive-delivery-fee",
    "approved": False,
    "ratings": {"acknowledge": "done_well"},
    "keep": "Calm.",
    "change": 1,
    "proposal": 1,
    "accept": True,
    "kept": True,
    "at_seconds": 12.5,
    "perspective": "coach",
    "raised": True,
    "view": "compare",
}


def test_every_protocol_command_has_one_entry_and_a_route_of_its_own():
    routes = [(spec.route.method, spec.route.path) for spec in COMMANDS]

    assert set(SPEC_OF) == set(typing.get_args(protocol.Command))
    assert len(routes) == len(set(routes)) == len(COMMANDS)


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.type)
def test_a_rest_body_is_the_socket_command_less_its_type_and_what_the_url_carries(spec):
    in_url = set(spec.fields_in_path.values())
    socket_fields = set(spec.message.model_fields) - {"type"}

    assert set(rest_body(spec).model_fields) | in_url == socket_fields
    assert in_url <= socket_fields
    assert not rest_body(spec).model_fields["client_msg_id"].is_required()


def _wrong_value(field: dict[str, Any]) -> Any:
    """A value of the wrong kind for a field, by its JSON Schema."""
    options = field.get("anyOf", [field])
    if any("$ref" in option for option in options):  # an enum of its own (a phase, a level)
        return "not-one-of-them"
    kind = next(option["type"] for option in options if option.get("type", "null") != "null")
    if "enum" in field or any("enum" in option or "const" in option for option in options):
        return "not-one-of-them"
    return {
        "string": 12345,
        "integer": "5",
        "boolean": "yes",
        "number": "soon",
        "object": [],
    }[kind]


def invalid_bodies(spec: CommandSpec[Any]) -> dict[str, dict[str, Any]]:
    """Named invalid bodies: an unknown field, each required field left out, each field of the
    wrong kind, text too long, and text holding a right-to-left override."""
    schema = rest_body(spec).model_json_schema()
    properties = {k: v for k, v in schema["properties"].items() if k != "client_msg_id"}
    required = {name: VALID[name] for name in schema.get("required", [])}
    bodies = {"unknown field actor": {**required, "actor": 1}}
    for name in required:
        bodies[f"{name} left out"] = {k: v for k, v in required.items() if k != name}
    for name, field in properties.items():
        bodies[f"{name} of the wrong kind"] = {
            **required,
            name: _wrong_value(field),
        }
        text = next(
            (
                o
                for o in field.get("anyOf", [field])
                if o.get("type") == "string" and "enum" not in o
            ),
            None,
        )
        if text is not None and "maxLength" in text:
            bodies[f"{name} too long"] = {**required, name: "x" * (text["maxLength"] + 1)}
        if text is not None:
            bodies[f"{name} with a right-to-left override"] = {**required, name: "gpj\u202eexe"}
    return bodies


async def rest_answer(
    client: APIClient, spec: CommandSpec[Any], code: str, body: dict[str, Any], msg_id: str
) -> Any:
    ids = {url: VALID[field] for url, field in spec.fields_in_path.items()}
    url = f"/api/v1/games/{code}/{spec.route.path}"
    for name, value in ids.items():
        url = url.replace(f"<int:{name}>", str(value))
    if spec.route.method == "DELETE":
        query = {k: json.dumps(v) for k, v in body.items()} | {"client_msg_id": msg_id}
        return await database_sync_to_async(client.delete)(url, QUERY_STRING=urlencode(query))
    send = client.patch if spec.route.method == "PATCH" else client.post
    return await database_sync_to_async(send)(url, {**body, "client_msg_id": msg_id}, format="json")


@database_sync_to_async
def live_game_with_an_api_token() -> tuple[Any, APIClient]:
    game = factories.game()
    for name in factories.PLAYER_NAMES[:4]:
        factories.join(game, name)
    factories.advance_to(game, Phase.LIVE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(game.facilitator)}")
    return game, client


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.type)
async def test_every_invalid_body_gets_the_same_error_over_rest_and_on_the_socket(spec):
    game, client = await live_game_with_an_api_token()
    cookie = await database_sync_to_async(facilitator_cookie)(game.facilitator)
    socket = SocketPlayer(game.code, headers=[cookie])
    await socket.join()
    ids = {field: VALID[field] for field in spec.fields_in_path.values()}

    for number, (case, body) in enumerate(invalid_bodies(spec).items()):
        msg_id = f"parity-{number}"
        over_rest = await rest_answer(client, spec, game.code, body, msg_id)
        await socket.send({"type": spec.type, "client_msg_id": msg_id, **ids, **body})
        on_socket = await socket.next_of("ack", "error")

        assert over_rest.status_code == 400, (case, over_rest.json())
        assert over_rest.json()["code"] == "invalid", case
        assert (on_socket["type"], on_socket["code"]) == ("error", "invalid"), (case, on_socket)
        assert on_socket["message"] == describe(over_rest.json()["errors"]), case
        assert on_socket["client_msg_id"] == msg_id, case
    await socket.leave()


async def test_what_the_probe_sent_over_rest_is_refused_as_on_the_socket():
    """Issue #19, point 8: an unknown `actor`, mood "5" and `observer: "yes"` were accepted."""
    game, client = await live_game_with_an_api_token()
    base = f"/api/v1/games/{game.code}"

    actor = await database_sync_to_async(client.post)(
        f"{base}/notes/", {"text": "Hi", "actor": 1}, format="json"
    )
    mood = await database_sync_to_async(client.post)(f"{base}/mood/", {"mood": "5"}, format="json")
    observer = await database_sync_to_async(APIClient().post)(
        f"{base}/join/", {"name": "Obi", "observer": "yes"}, format="json"
    )

    assert (actor.status_code, actor.json()["errors"][0]["path"]) == (400, "actor")
    assert (mood.status_code, mood.json()["errors"][0]["path"]) == (400, "mood")
    assert (observer.status_code, observer.json()["errors"][0]["path"]) == (400, "observer")


async def test_a_message_holding_a_right_to_left_override_is_refused_on_both_edges():
    """Issue #19, point 11: "gpj\u202eexe" reads as "exe.jpg" and the override runs on into the
    next line of the room. Refused (not silently changed), with the character named."""
    game, client = await live_game_with_an_api_token()
    cookie = await database_sync_to_async(facilitator_cookie)(game.facilitator)
    socket = SocketPlayer(game.code, headers=[cookie])
    await socket.join()

    over_rest = await database_sync_to_async(client.post)(
        f"/api/v1/games/{game.code}/notes/", {"text": "gpj\u202eexe"}, format="json"
    )
    on_socket = await socket.command("coach_note", text="gpj\u202eexe")

    assert over_rest.status_code == 400
    assert "U+202E" in over_rest.json()["errors"][0]["message"]
    assert (on_socket["code"], "U+202E" in on_socket["message"]) == ("invalid", True)
    await socket.leave()
