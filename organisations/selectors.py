"""Reading organisations: a user's membership and role, and the members of an organisation."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from organisations.models import Invitation, Membership
from organisations.roles import OrgRole


def membership_of(user: AbstractBaseUser | AnonymousUser | None) -> Membership | None:
    """The user's membership (None for anonymous, inactive users and staff who have none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        # The reverse one-to-one: read once per user object (Django keeps it on the instance).
        membership: Membership = user.membership  # type: ignore[attr-defined]
    except Membership.DoesNotExist:
        return None
    return membership


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> OrgRole | None:
    membership = membership_of(user)
    return OrgRole(membership.role) if membership is not None else None


def members(organisation_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )


def pending_invitations(organisation_id: int) -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        organisation_id=organisation_id, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


def organisation_of(user: AbstractBaseUser | AnonymousUser | None) -> int | None:
    """The id of the user's organisation, whose library they read (None: the built-in only)."""
    membership = membership_of(user)
    return membership.organisation_id if membership is not None else None
