"""What every API endpoint shares: the error shape, its place in the schema, and who counts as a
facilitator."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views import defaults
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from pydantic import BaseModel
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from games.engine.errors import ErrorCode, GameError
from organisations.roles import Capability, may
from organisations.selectors import membership_of, role_of

API_PREFIX = "/api/"


class IsMember(BasePermission):
    """A signed-in member of an organisation, whatever their role; players never hold a Django
    account, and an account without an organisation (staff for the admin) reaches nothing."""

    message = "Only a signed-in member of an organisation may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return membership_of(request.user) is not None


class IsFacilitator(BasePermission):
    """A member who runs games and writes drafts: a facilitator, an admin or an owner (an
    organisation's observer only watches what is shared with them)."""

    message = "Only a signed-in facilitator of an organisation may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return may(role_of(request.user), Capability.CREATE_GAMES)


def api_responses_are_not_stored(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: no answer under /api/ is kept by a browser or a proxy (`Cache-Control:
    no-store`): they hold private briefs, transcripts, exports and the PDF report, and a shared
    computer's cache would hand them to its next user."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.path.startswith(API_PREFIX):
            patch_cache_control(response, no_store=True)
        return response

    return middleware


# The error shape ----------------------------------------------------------------------------


class FieldErrorSerializer(serializers.Serializer[dict[str, Any]]):
    path = serializers.CharField(help_text="The field, dotted, e.g. `ratings.acknowledge`.")
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """Every error the API answers: a code (the socket's codes, and a few of HTTP's own), a
    message for a person and, for `invalid`, what is wrong with which field."""

    code = serializers.CharField(help_text="e.g. `invalid`, `not_allowed`, `wrong_phase`.")
    message = serializers.CharField()
    # DRF takes declared fields off the class, so this does not hide Serializer.errors.
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in _field_errors(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"path": prefix, "message": str(item)} for item in detail]
        return [
            error
            for index, item in enumerate(detail)
            for error in _field_errors(item, f"{prefix}[{index}]")
        ]
    return [{"path": prefix, "message": str(detail)}]


class InvalidFields(exceptions.APIException):
    """400 `invalid` with each field's problem already as `{"path", "message"}` (a pydantic
    body's errors, games/commands.py `field_errors`)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("The request has errors; see `errors`.")
        self.errors = errors


_GAME_ERROR_STATUS = {
    ErrorCode.INVALID: status.HTTP_400_BAD_REQUEST,
    ErrorCode.NOT_AUTHENTICATED: status.HTTP_401_UNAUTHORIZED,
    ErrorCode.NOT_ALLOWED: status.HTTP_403_FORBIDDEN,
    ErrorCode.PARTICIPANT_REMOVED: status.HTTP_403_FORBIDDEN,
    ErrorCode.BANNED: status.HTTP_403_FORBIDDEN,
    ErrorCode.GAME_NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorCode.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorCode.RATE_LIMITED: status.HTTP_429_TOO_MANY_REQUESTS,
}

# DRF's own codes, renamed where the game already has a word for the same thing.
_DRF_CODES = {
    "permission_denied": ErrorCode.NOT_ALLOWED.value,
    "throttled": ErrorCode.RATE_LIMITED.value,
    "authentication_failed": ErrorCode.NOT_AUTHENTICATED.value,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error is `{"code", "message", "errors": [{"path", "message"}]}`."""
    if isinstance(exc, GameError):
        return error_response(
            exc.code,
            exc.message,
            status_code=_GAME_ERROR_STATUS.get(exc.code, status.HTTP_409_CONFLICT),
        )
    if isinstance(exc, InvalidFields):
        return error_response("invalid", str(exc.detail), errors=exc.errors)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": "The request has errors; see `errors`.",
            "errors": _field_errors(exc.detail),
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = {
            "code": _DRF_CODES.get(code, code),
            "message": str(exc.detail),
            "errors": [],
        }
    return response


def json_body(request: Request) -> bytes:
    """The request's JSON body as sent (empty when there is none), once DRF has checked that it
    is JSON: for pydantic to validate the text itself, as the socket does with a frame."""
    raw: bytes = request.body  # before `data`, which would otherwise consume the stream
    request.data  # noqa: B018 - 415 for another media type, 400 `parse_error` for bad JSON
    return raw.strip()


def error_response(
    code: str,
    message: str,
    *,
    errors: list[Any] | None = None,
    status_code: int = status.HTTP_400_BAD_REQUEST,
) -> Response:
    return Response({"code": code, "message": message, "errors": errors or []}, status=status_code)


def _error_json(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "errors": []}, status=status_code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a request it would not read: too many fields, a host not allowed...):
    the API's error shape under /api/, HTML elsewhere."""
    if request.path.startswith(API_PREFIX):
        return _error_json("bad_request", f"The request could not be read: {exception}", 400)
    return defaults.bad_request(request, exception or Exception())


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for a URL no view matched: the API's error shape under /api/, HTML elsewhere."""
    if request.path.startswith(API_PREFIX):
        return _error_json("not_found", f"There is no {request.path} in the API.", 404)
    return defaults.page_not_found(request, exception or Exception())


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _error_json("server_error", "Something went wrong on our side; it is logged.", 500)
    return defaults.server_error(request)


# The error shape in the schema --------------------------------------------------------------

_ERROR_DESCRIPTIONS = {
    400: "`invalid` (see `errors`), or a body that is not JSON (`parse_error`).",
    401: "`not_authenticated`: no (or no valid) credentials.",
    403: "`not_allowed`: the caller may not do this here (their seat, their game), or CSRF.",
    404: "`game_not_found` or `not_found`: nothing here, or nothing the caller may know of.",
    409: "The game refuses it now: `wrong_phase`, `stale_phase`, `bad_command`, `name_taken`...",
    415: "`unsupported_media_type`: send `application/json`.",
    429: "`rate_limited`: too many requests; `Retry-After` says when to try again.",
}


class BearCaveAutoSchema(AutoSchema):
    """Adds the error answers an operation can give, each in the one error shape, so clients
    (and schemathesis) know every status the API may send."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_statuses():
            responses.setdefault(
                str(code),
                self._get_response_for_code(  # type: ignore[no-untyped-call]
                    OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]),
                    str(code),
                    direction=direction,
                ),
            )
        return responses

    def _error_statuses(self) -> list[int]:
        view = self.view
        has_body = self.method in ("POST", "PUT", "PATCH")
        has_query = bool(getattr(view, "query_serializer", None))
        open_to_all = any(isinstance(p, AllowAny) for p in view.get_permissions())
        codes = []
        if self.method != "GET" or has_query:
            codes.append(400)
        if not open_to_all:
            codes += [401, 403]
        if "{" in self.path or getattr(view, "may_not_find", False):
            codes.append(404)
        if self.method != "GET" or getattr(view, "may_conflict", False):
            codes.append(409)
        if has_body:
            codes.append(415)
        if any(
            self.method not in ("GET", "HEAD") or not getattr(throttle, "writes_only", False)
            for throttle in view.get_throttles()
        ):
            codes.append(429)
        return codes


# Pydantic bodies in the schema ----------------------------------------------------------------


class PydanticBody(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    """A pydantic model as a request body (the commands' bodies): its JSON Schema as pydantic
    validates it, in OpenAPI 3.0's words. (drf-spectacular's own pydantic extension writes the
    serialization schema in JSON Schema 2020-12's: `type: null`, `const`, a numeric
    `exclusiveMinimum`, which 3.0 does not have.)"""

    target_class = BaseModel
    match_subclasses = True
    priority = 1  # before drf_spectacular.contrib.pydantic

    def get_name(self, auto_schema: AutoSchema, direction: Any) -> str:
        return str(self.target.__name__)

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> dict[str, Any]:
        schema = self.target.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            auto_schema.registry.register_on_missing(
                ResolvedComponent(  # type: ignore[no-untyped-call]
                    name=name,
                    type=ResolvedComponent.SCHEMA,
                    object=name,
                    schema=openapi_30(definition),
                )
            )
        mapped: dict[str, Any] = openapi_30(schema)
        return mapped


def openapi_30(node: Any) -> Any:
    """A pydantic JSON Schema (2020-12) in the words of OpenAPI 3.0's schema objects."""
    if isinstance(node, list):
        return [openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    # A schema's own `title` goes; a property that is called "title" stays.
    properties = {name: openapi_30(value) for name, value in node.get("properties", {}).items()}
    node = {key: openapi_30(value) for key, value in node.items() if key != "title"}
    if properties:
        node["properties"] = properties
    node.pop("propertyNames", None)  # 3.0 has no way to constrain a map's keys
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if isinstance(node.get("exclusiveMinimum"), int | float):
        node["minimum"], node["exclusiveMinimum"] = node["exclusiveMinimum"], True
    options = node.get("anyOf", [])
    if len(options) == 2 and {"type": "null"} in options:
        (only,) = [option for option in options if option != {"type": "null"}]
        del node["anyOf"]
        node.update(only if "$ref" not in only else {"allOf": [only]})
        node["nullable"] = True
    return node
