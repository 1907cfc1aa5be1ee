"""Facilitators' scripts authenticate with an API token: `Authorization: Token <key>`.

django-rest-knox's TokenAuthentication reads the header (the keyword `Token`, as DRF's plain
tokens had, so scripts keep working); the key is checked by organisations.tokens, which says
why a key is refused (expired, revoked, account closed) instead of knox's "Invalid token.", and
does not delete a user's expired tokens on every request as knox does: they stay listed,
marked expired, until revoked.
"""

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from games.engine.errors import ErrorCode
from organisations.models import ApiToken
from organisations.tokens import TokenRefused, api_token_check


class ApiTokenAuthentication(TokenAuthentication):  # type: ignore[misc]
    """`request.user` is the token's owner, `request.auth` the ApiToken."""

    def authenticate_credentials(self, token: bytes) -> tuple[User, ApiToken]:
        try:
            found = api_token_check(token.decode("ascii", errors="replace"))
        except TokenRefused as refused:
            raise AuthenticationFailed(
                refused.message, code=ErrorCode.NOT_AUTHENTICATED.value
            ) from None
        return found.user, found


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the facilitator's API token in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, a facilitator's API token (made on /facilitate/tokens "
            "or by `manage.py create_api_token`; shown once, expires).",
        }
