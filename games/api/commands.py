"""Every write endpoint of a game: the socket's commands over HTTP, built from the one command
table (`games.commands.COMMANDS`).

Each command's REST body is a pydantic model derived from its protocol class: the same fields
with the same constraints, less `type` (the URL says it) and the ids the path carries, with
`client_msg_id` optional (one is made up when it is missing). So a body is validated exactly as
the socket validates the frame, and an invalid one gets the same path and message (400
`invalid`). The command then runs through `command_run`, the same function the socket calls: the
engine's rules decide who may do what and when, and a retry with the same `client_msg_id` (over
HTTP or the socket) is applied once. Every write answers `{"client_msg_id", "seq"}`.
"""

import functools
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic_core import from_json
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import InvalidFields, json_body, openapi_30
from games.api.access import IsPlayerOrFacilitator, game_caller
from games.api.authentication import GAME_AUTHENTICATION
from games.api.serializers import MAX_ID, AckSerializer
from games.commands import COMMANDS, CommandSpec, command_run, field_errors
from games.protocol import ClientFrame, ClientMsgId
from games.throttles import PlayerPostThrottle


class GameEndpoint(APIView):
    # A game's endpoints: its players (by token) and its facilitator (by token or session).
    # (A comment, not a docstring: the schema would repeat a docstring on every operation.)

    authentication_classes = GAME_AUTHENTICATION
    permission_classes = [IsPlayerOrFacilitator]
    throttle_classes = [PlayerPostThrottle]


# Bodies: the protocol's classes, less what the URL says --------------------------------------


@functools.cache
def rest_body(spec: CommandSpec[Any]) -> type[BaseModel]:
    """The command's fields as a REST body (or, for a DELETE, its query string)."""
    in_path = set(spec.fields_in_path.values())
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in spec.message.model_fields.items()
        if name not in in_path | {"type", "client_msg_id"}
    }
    return create_model(
        f"{spec.message.__name__}Body",
        __doc__=spec.message.__doc__,
        __base__=ClientFrame,
        client_msg_id=(
            ClientMsgId | None,
            Field(
                default=None,
                description="Your id for this command: a retry with the same id is applied once.",
            ),
        ),
        **fields,
    )


@functools.cache
def _text_fields(body: type[BaseModel]) -> frozenset[str]:
    properties = openapi_30(body.model_json_schema())["properties"]
    return frozenset(name for name, schema in properties.items() if schema.get("type") == "string")


def _from_query(body: type[BaseModel], query: Mapping[str, str]) -> dict[str, Any]:
    """A DELETE's fields from its query string, each spelled as in a JSON body (`ban=true`),
    except text, which is taken as it is: so it is validated exactly as a body would be."""
    return {
        name: value if name in _text_fields(body) else _json_or_text(value)
        for name, value in query.items()
    }


def _json_or_text(value: str) -> Any:
    try:
        return from_json(value)  # pydantic's reader: deep nesting is a ValueError, not a crash
    except ValueError:
        return value


def _message(spec: CommandSpec[Any], request: Request, path: Mapping[str, int]) -> Any:
    """The protocol command the request asks for; InvalidFields names each problem. The body
    is validated from its JSON text, as the socket validates a frame (pydantic's JSON mode:
    the same errors with the same words)."""
    body = rest_body(spec)
    try:
        if spec.route.method == "DELETE":
            given = body.model_validate_json(json.dumps(_from_query(body, request.query_params)))
        else:
            given = body.model_validate_json(json_body(request) or b"{}")
        fields = dict(given)
        fields["client_msg_id"] = fields["client_msg_id"] or f"api-{uuid.uuid4().hex}"
        ids = {spec.fields_in_path[name]: value for name, value in path.items()}
        return spec.message.model_validate({**fields, **ids, "type": spec.type})
    except ValidationError as error:
        raise InvalidFields(field_errors(error)) from None


def _run(spec: CommandSpec[Any], request: Request, code: str, path: Mapping[str, int]) -> Response:
    """Authenticate, validate, run the one command through `command_run`, acknowledge."""
    if any(value > MAX_ID for value in path.values()):
        raise NotFound("No such id.")
    caller = game_caller(request, code)
    message = _message(spec, request, path)
    event = command_run(
        game_id=caller.game.pk, message=message, participant=caller.participant, user=caller.user
    )
    return Response(
        AckSerializer({"client_msg_id": message.client_msg_id, "seq": event.seq}).data,
        status=spec.route.status,
    )


# Endpoints ----------------------------------------------------------------------------------


def _query_parameters(spec: CommandSpec[Any]) -> list[OpenApiParameter]:
    """A DELETE's fields, as query parameters (a query string has no null: leave one out)."""
    schema = openapi_30(rest_body(spec).model_json_schema())
    return [
        OpenApiParameter(
            name,
            {
                key: value
                for key, value in field.items()
                if key not in ("description", "nullable") and (key, value) != ("default", None)
            },
            required=name in schema.get("required", []),
            description=field.get("description", ""),
        )
        for name, field in schema["properties"].items()
    ]


def _endpoint(spec: CommandSpec[Any]) -> Callable[..., Response]:
    def endpoint(self: APIView, request: Request, code: str, **path: int) -> Response:
        return _run(spec, request, code, path)

    in_query = spec.route.method == "DELETE"
    return extend_schema(
        request=None if in_query else rest_body(spec),
        parameters=_query_parameters(spec) if in_query else [],
        responses={spec.route.status: AckSerializer},
        summary=spec.route.summary,
        description=f"The socket's `{spec.type}` command (docs/protocol.md).",
    )(endpoint)


def command_views(reads: Mapping[str, type[APIView]]) -> list[tuple[str, str, type[APIView]]]:
    """(path, URL name, view class) for each command path of the table. A path that also serves
    a read (a GET in `reads`, e.g. the tags' list) gets that view's class as its view's base."""
    specs_at: dict[str, list[CommandSpec[Any]]] = {}
    for spec in COMMANDS:
        specs_at.setdefault(spec.route.path, []).append(spec)
    views = []
    for path, specs in specs_at.items():
        name = "-".join(spec.type for spec in specs)
        handlers = {spec.route.method.lower(): _endpoint(spec) for spec in specs}
        class_name = "".join(spec.message.__name__ for spec in specs) + "View"
        views.append((path, name, type(class_name, (reads.get(path, GameEndpoint),), handlers)))
    return views
