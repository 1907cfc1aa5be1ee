"""What every API endpoint shares: the error shape and who counts as a facilitator."""

from typing import Any

from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from games.engine.errors import ErrorCode, GameError


class IsFacilitator(BasePermission):
    """Facilitators are the signed-in Django users; players never hold a Django account."""

    message = "Only a signed-in facilitator may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_active)


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


_GAME_ERROR_STATUS = {
    ErrorCode.NOT_AUTHENTICATED: status.HTTP_401_UNAUTHORIZED,
    ErrorCode.NOT_ALLOWED: status.HTTP_403_FORBIDDEN,
    ErrorCode.PARTICIPANT_REMOVED: status.HTTP_403_FORBIDDEN,
    ErrorCode.GAME_NOT_FOUND: status.HTTP_404_NOT_FOUND,
    ErrorCode.RATE_LIMITED: status.HTTP_429_TOO_MANY_REQUESTS,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error is `{"code", "message", "errors": [{"path", "message"}]}`."""
    if isinstance(exc, GameError):
        return error_response(
            exc.code,
            exc.message,
            status_code=_GAME_ERROR_STATUS.get(exc.code, status.HTTP_409_CONFLICT),
        )
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
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(exc.detail),
            "errors": [],
        }
    return response


def error_response(
    code: str,
    message: str,
    *,
    errors: list[Any] | None = None,
    status_code: int = status.HTTP_400_BAD_REQUEST,
) -> Response:
    return Response({"code": code, "message": message, "errors": errors or []}, status=status_code)
