"""Single sign-on with OpenID Connect: mozilla-django-oidc's authorization-code flow (with PKCE),
with Bear Cave's account rule (decision 0530).

The person is found by the provider's issuer and `sub`, never by email; their role is the
highest their groups give (organisations/sso.py); the account and membership are written by
`organisations.services.single_sign_on`. A refusal (no mapped group, a staff account, a
provider that failed or sent a token that is not for us) sends the person back to /login/ with
a message saying why, never a server error.
"""

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from games.engine.errors import GameError
from organisations.services import single_sign_on
from organisations.sso import groups_in, role_for_groups

logger = logging.getLogger(__name__)

# Where the backend leaves the reason a sign-in was refused, for the callback view to show.
_REFUSAL = "bearcave_sign_on_refusal"


class SignInRefused(SuspiciousOperation):
    """The provider vouched for the person, but Bear Cave does not let them in."""


def _refuse(request: HttpRequest, message: str) -> SignInRefused:
    setattr(request, _REFUSAL, message)
    return SignInRefused(message)


class Backend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, expiry and nonce; the issuer and the audience are
        checked here too (OpenID Connect Core 3.1.3.7), so a token the provider made for
        another client is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"ID token from issuer {payload.get('iss')!r}")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        userinfo: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo names another person than the ID token")
        # Some providers put the groups in the ID token only, some in userinfo only.
        claims = {**payload, **userinfo}
        groups = groups_in(claims.get(settings.OIDC_GROUPS_CLAIM))
        role = role_for_groups(groups, settings.OIDC_GROUP_ROLES)
        provider = settings.OIDC_PROVIDER_NAME
        if role is None:
            logger.warning(
                "single sign-on refused %s: no mapped group in %s", claims["sub"], groups
            )
            raise _refuse(
                self.request,
                f"Your {provider} account is in no group that gives a role in Bear Cave. "
                "Ask your administrator to add you to one.",
            )
        email = str(claims.get("email") or "")
        try:
            return single_sign_on(
                issuer=settings.OIDC_ISSUER,
                subject=str(claims["sub"]),
                role=role,
                organisation_slug=settings.OIDC_ORGANISATION,
                username=str(claims.get("preferred_username") or email.split("@")[0]),
                email=email,
                first_name=str(claims.get("given_name") or ""),
                last_name=str(claims.get("family_name") or ""),
            )
        except GameError as error:
            raise _refuse(self.request, error.message) from None


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the person back. A failure at any step lands on /login/ with
    what went wrong in words."""

    request: HttpRequest

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, requests.RequestException):
            logger.exception("single sign-on with %s failed", settings.OIDC_PROVIDER_NAME)
            return self.failure(
                f"The sign-in with {settings.OIDC_PROVIDER_NAME} did not complete. Try again."
            )
        return response

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, _REFUSAL, None)
        if refusal is None and self.request.GET.get("error") == "access_denied":
            refusal = f"The sign-in with {settings.OIDC_PROVIDER_NAME} was cancelled."
        return self.failure(
            refusal or f"The sign-in with {settings.OIDC_PROVIDER_NAME} did not complete."
        )

    def failure(self, message: str) -> HttpResponse:
        messages.error(self.request, message)
        return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)
