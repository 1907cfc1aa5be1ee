"""Organisation services: create one, invite by a one-time link, accept, change roles, remove.

Every service that acts for a member checks their role here (organisations.roles), whatever
edge called it. Refusals are GameError codes, so they reach the API in its one error shape.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from organisations.models import Invitation, Membership, Organisation, SignOnIdentity
from organisations.roles import Capability, OrgRole, may, roles_given_by

INVITATION_DAYS = 7


def mail_configured() -> bool:
    """An email backend is configured (EMAIL_URL): invitations are mailed as well as shown."""
    return bool(getattr(settings, "EMAIL_CONFIGURED", False))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _admin(by: User) -> Membership:
    membership = Membership.objects.filter(user=by, user__is_active=True).first()
    if membership is None or not may(OrgRole(membership.role), Capability.MANAGE_MEMBERS):
        raise GameError(ErrorCode.NOT_ALLOWED, "Only the organisation's admins manage members.")
    return membership


@transaction.atomic
def organisation_create(*, name: str, slug: str, owner: User) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug)
    Membership.objects.create(organisation=organisation, user=owner, role=OrgRole.OWNER)
    return organisation


@transaction.atomic
def invitation_create(
    *, by: User, role: OrgRole, email: str = "", sign_in_url: str
) -> tuple[Invitation, str]:
    """A one-time invitation to the admin's organisation with `role`; returns it and its token
    (shown once: only its hash is kept). `sign_in_url` is the link without the token; with an
    email address and an email backend configured, the link is mailed too, after the commit."""
    admin = _admin(by)
    if role not in roles_given_by(OrgRole(admin.role)):
        raise GameError(ErrorCode.NOT_ALLOWED, f"An {admin.role} may not invite someone as {role}.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=admin.organisation,
        role=role,
        email=email,
        token_hash=token_hash(token),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    if email and mail_configured():
        link = f"{sign_in_url.rstrip('/')}/{token}/"
        transaction.on_commit(
            lambda: send_mail(
                f"Join {admin.organisation.name} on Bear Cave",
                f"{by.get_username()} invites you to {admin.organisation.name} as {role}.\n\n"
                f"Open this link within {INVITATION_DAYS} days to choose your sign-in "
                f"(it works once):\n{link}\n",
                None,
                [email],
            )
        )
    return invitation, token


def invitation_open(token: str) -> Invitation | None:
    """The invitation the token opens, if it is unused and unexpired."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(
            token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> User:
    """A new account for the invited person, a member with the invitation's role; the link
    stops working. Never staff, never a superuser."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(
            token_hash=token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    if invitation is None:
        raise GameError(ErrorCode.NOT_FOUND, "This invitation link was used, revoked or expired.")
    username = username.strip()
    if not username or User.objects.filter(username__iexact=username).exists():
        raise GameError(ErrorCode.INVALID, "That user name is taken: choose another.")
    user = User(username=username, email=invitation.email)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise GameError(ErrorCode.INVALID, " ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    Membership.objects.create(organisation=invitation.organisation, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def invitation_revoke(*, by: User, invitation_id: int) -> None:
    admin = _admin(by)
    deleted, _ = Invitation.objects.filter(
        pk=invitation_id, organisation=admin.organisation, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise GameError(ErrorCode.NOT_FOUND, "No open invitation with that id.")


def _member(admin: Membership, user_id: int) -> Membership:
    member = (
        Membership.objects.select_for_update()
        .filter(organisation=admin.organisation, user_id=user_id)
        .first()
    )
    if member is None:
        raise GameError(ErrorCode.NOT_FOUND, "No member of your organisation has that id.")
    if OrgRole(member.role) not in roles_given_by(OrgRole(admin.role)):
        raise GameError(
            ErrorCode.NOT_ALLOWED, f"An {admin.role} may not change the role of an {member.role}."
        )
    return member


def _keeps_an_owner(member: Membership, new_role: OrgRole | None) -> None:
    if member.role != OrgRole.OWNER or new_role is OrgRole.OWNER:
        return
    owners = Membership.objects.filter(organisation_id=member.organisation_id, role=OrgRole.OWNER)
    if owners.count() <= 1:
        raise GameError(ErrorCode.NOT_ALLOWED, "An organisation keeps at least one owner.")


@transaction.atomic
def member_role_set(*, by: User, user_id: int, role: OrgRole) -> Membership:
    admin = _admin(by)
    member = _member(admin, user_id)
    if role not in roles_given_by(OrgRole(admin.role)):
        raise GameError(ErrorCode.NOT_ALLOWED, f"An {admin.role} may not make anyone {role}.")
    _keeps_an_owner(member, role)
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_remove(*, by: User, user_id: int) -> None:
    """The member leaves the organisation: their account is deactivated (their games stay the
    organisation's, their sign-in and API tokens stop working)."""
    admin = _admin(by)
    member = _member(admin, user_id)
    _keeps_an_owner(member, None)
    User.objects.filter(pk=member.user_id).update(is_active=False)
    member.delete()


# Single sign-on ---------------------------------------------------------------------------------

_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def _free_username(wanted: str) -> str:
    """`wanted` made a valid user name no account has yet (`-2`, `-3`... appended if taken)."""
    base = _USERNAME_UNSAFE.sub("-", wanted.strip())[:140].strip("-") or "member"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def single_sign_on(
    *,
    issuer: str,
    subject: str,
    role: OrgRole,
    organisation_slug: str,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """The account of the identity provider's person `subject` (created on their first sign-in,
    without a password), made a member of the organisation with `role`, whatever it was before:
    the provider's groups decide (decision 0530). Refused for a deactivated account (removed
    from the organisation) and for staff accounts: a session from single sign-on is never
    staff."""
    identity = (
        SignOnIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        user = User(username=_free_username(username))
        user.set_unusable_password()
        user.save()
        identity = SignOnIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    user = identity.user
    if not user.is_active:
        raise GameError(ErrorCode.NOT_ALLOWED, "This account was switched off in Bear Cave.")
    if user.is_staff or user.is_superuser:
        raise GameError(
            ErrorCode.NOT_ALLOWED, "This is a staff account: sign in with its password."
        )
    user.email, user.first_name, user.last_name = email[:254], first_name[:150], last_name[:150]
    user.save(update_fields=["email", "first_name", "last_name"])
    organisation, _ = Organisation.objects.get_or_create(
        slug=organisation_slug,
        defaults={"name": organisation_slug.replace("-", " ").capitalize()},
    )
    Membership.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": role}
    )
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at"])
    return user
