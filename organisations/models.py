"""Organisations: each owns its members, its games and its scenarios (decision 0500).

A user belongs to at most one organisation, with one role in it. Staff accounts for the Django
admin need none; a user without a membership reaches no game and no organisation's library.
"""

from django.conf import settings
from django.db import models
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from organisations.roles import OrgRole

ROLE_CHOICES = [(role.value, role.value) for role in OrgRole]


class Organisation(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=12, choices=ROLE_CHOICES)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "user__username"]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organisation_id} as {self.role}"


class Invitation(models.Model):
    """A one-time link an admin hands to someone joining the organisation. Only a hash of its
    token is kept: the link is shown once, to the admin who made it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=12, choices=ROLE_CHOICES)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk} to {self.organisation_id} as {self.role}"


class SignOnIdentity(models.Model):
    """The account an identity provider's person signs in to (single sign-on, decision 0530):
    found by the provider's issuer and its `sub` claim, never by an email address, so a person
    at the provider cannot take over a password account that happens to share theirs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_identity")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class ApiToken(AbstractAuthToken):  # type: ignore[misc]  # knox ships no types
    """A facilitator's key for scripts (`Authorization: Token <key>`), django-rest-knox's token
    with a name and the time it was last used (decision 0520).

    Only a SHA-512 digest of the key is kept, and its first 15 characters (`token_key`, knox's
    lookup prefix, shown to tell tokens apart); the key itself is shown once, when it is made.
    Revoking deletes the row. The id, not the digest, names a token in URLs and lists."""

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(max_length=80)
    # Written at most once a minute per token (organisations.tokens), never on every request.
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"API token {self.pk} ({self.name}) of {self.user_id}"
