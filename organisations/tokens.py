"""Facilitators' API tokens: make one (its key shown once), check a key, list and revoke them.

The tokens are django-rest-knox's, with our model (organisations.ApiToken, decision 0520): only
a digest of a key is kept. Who may list or revoke whose token is the role table's
(organisations.roles: USE_API_TOKENS for one's own, MANAGE_MEMBER_TOKENS for the members' of
one's organisation); another organisation's token, or another member's for someone who may not
manage them, is not found, so an id tells an outsider nothing.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from hmac import compare_digest

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.crypto import hash_token
from knox.settings import CONSTANTS

from games.engine.errors import ErrorCode, GameError
from organisations.models import ApiToken, Membership
from organisations.roles import Capability, OrgRole, may
from organisations.selectors import membership_of

logger = logging.getLogger(__name__)

# `last_used` is written at most this often per token: a script calling many times a second
# costs one UPDATE a minute, not one per request.
LAST_USED_EVERY = timedelta(minutes=1)
NAME_LENGTH = 80


class TokenRefused(Exception):
    """A key that authenticates nobody; the message says why, for the caller to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; never stored


def _member(user: User, capability: Capability, refusal: str) -> Membership:
    membership = membership_of(user)
    if membership is None or not may(OrgRole(membership.role), capability):
        raise GameError(ErrorCode.NOT_ALLOWED, refusal)
    return membership


def expiry_days_problem(days: int) -> str:
    """Why `days` is no lifetime for a token ('' when it is one)."""
    longest: int = settings.API_TOKEN_MAX_DAYS
    if not 1 <= days <= longest:
        return f"A token lives from 1 to {longest} days."
    return ""


def api_token_create(*, user: User, name: str, expires_in_days: int | None = None) -> NewToken:
    """A new API token of `user`, who must be a member of an organisation. It expires after
    `expires_in_days` (settings.API_TOKEN_DAYS when None), at most API_TOKEN_MAX_DAYS: no token
    lives for ever. The key is in the answer only."""
    _member(user, Capability.USE_API_TOKENS, "Only a member of an organisation has API tokens.")
    name = " ".join(name.split())
    if not name or len(name) > NAME_LENGTH:
        raise GameError(ErrorCode.INVALID, f"Name the token (1 to {NAME_LENGTH} characters).")
    days = settings.API_TOKEN_DAYS if expires_in_days is None else expires_in_days
    problem = expiry_days_problem(days)
    if problem:
        raise GameError(ErrorCode.INVALID, problem)
    token, key = ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name)
    logger.info("API token %s (%s) made for user %s", token.pk, token.token_key, user.pk)
    return NewToken(token=token, key=key)


def api_token_check(key: str) -> ApiToken:
    """The token `key` is, with its user; refused (TokenRefused, a message for the caller) when
    no token has that key (never made, or revoked), it has expired, or its owner's account is
    closed. Records when it was used, at most once a minute (LAST_USED_EVERY).

    One query to find it (knox's lookup prefix, then the digest compared in constant time), and
    at most one UPDATE a minute per token."""
    digest = hash_token(key)
    candidates: QuerySet[ApiToken] = ApiToken.objects.select_related("user").filter(
        token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]
    )
    token: ApiToken | None = next((t for t in candidates if compare_digest(t.digest, digest)), None)
    if token is None:
        raise TokenRefused("That API token is not valid: it was never made or it was revoked.")
    now = timezone.now()
    if token.expiry is not None and token.expiry <= now:
        raise TokenRefused(
            f"The API token '{token.name}' expired on {token.expiry:%d %B %Y}. "
            "Make a new one on /facilitate/tokens."
        )
    if not token.user.is_active:
        raise TokenRefused("The account this API token belongs to is closed.")
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        # Conditional, so two requests in the same minute on two servers write once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used__isnull=True) | Q(last_used__lte=now - LAST_USED_EVERY)
        ).update(last_used=now)
        token.last_used = now
    return token


def api_tokens_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, expired ones too (until revoked)."""
    found: QuerySet[ApiToken] = ApiToken.objects.filter(user_id=user.pk).select_related("user")
    return found if membership_of(user) is not None else found.none()


def api_tokens_of_organisation(*, by: User) -> QuerySet[ApiToken]:
    """Every token of the members of `by`'s organisation (its admins only)."""
    membership = _member(
        by,
        Capability.MANAGE_MEMBER_TOKENS,
        "Only the organisation's admins see the members' API tokens.",
    )
    found: QuerySet[ApiToken] = ApiToken.objects.filter(
        user__membership__organisation_id=membership.organisation_id
    ).select_related("user")
    return found


def api_token_revoke(*, by: User, token_id: int) -> None:
    """Revoke (delete) a token: `by`'s own, or, for an admin, a member's of their organisation.
    The key stops working at once. Anyone else's token is not found."""
    membership = _member(
        by, Capability.USE_API_TOKENS, "Only a member of an organisation has API tokens."
    )
    mine = Q(user_id=by.pk)
    if may(OrgRole(membership.role), Capability.MANAGE_MEMBER_TOKENS):
        mine |= Q(user__membership__organisation_id=membership.organisation_id)
    token = ApiToken.objects.filter(mine, pk=token_id).first()
    if token is None:
        raise GameError(ErrorCode.NOT_FOUND, "No such API token.")
    logger.info("API token %s of user %s revoked by user %s", token.pk, token.user_id, by.pk)
    token.delete()
