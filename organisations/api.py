"""The organisation's endpoints: who is in it, invitations (admins), roles and removals
(admins), and API tokens (one's own; admins: the members'). Each view authenticates,
validates, calls one service and answers; the services check the caller's role
(organisations.roles)."""

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsMember
from bearcave.network import absolute_url
from games.engine.errors import ErrorCode, GameError
from organisations import services, tokens
from organisations.models import ApiToken
from organisations.roles import Capability, OrgRole, may
from organisations.selectors import members, membership_of, pending_invitations

ROLES = [role.value for role in OrgRole]


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    role = serializers.ChoiceField(ROLES)
    joined_at = serializers.DateTimeField()


class OrganisationSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    slug = serializers.CharField()
    role = serializers.ChoiceField(ROLES, help_text="Your role in it.")
    may = serializers.ListField(
        child=serializers.ChoiceField([c.value for c in Capability]),
        help_text="What your role lets you do here.",
    )
    members = MemberSerializer(many=True)


class InvitationCreateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(ROLES, default=OrgRole.FACILITATOR.value)
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Where to mail the link too, when the server has an email backend.",
    )


class InvitationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(ROLES)
    email = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class NewInvitationSerializer(InvitationSerializer):
    url = serializers.CharField(
        help_text="The one-time link. Shown this once; only its hash is kept."
    )
    emailed = serializers.BooleanField()


class RoleSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(ROLES)


def _user(request: Request) -> User:
    return cast(User, request.user)


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class OrganisationView(APIView):
    permission_classes = [IsMember]

    @extend_schema(responses=OrganisationSerializer, summary="Your organisation and its members")
    def get(self, request: Request) -> Response:
        membership = membership_of(request.user)
        assert membership is not None  # IsMember
        role = OrgRole(membership.role)
        data = {
            "name": membership.organisation.name,
            "slug": membership.organisation.slug,
            "role": role,
            "may": [c.value for c in Capability if may(role, c)],
            "members": members(membership.organisation_id),
        }
        return Response(OrganisationSerializer(data).data)


class InvitationListView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        responses=InvitationSerializer(many=True),
        summary="Open invitations (admins)",
    )
    def get(self, request: Request) -> Response:
        membership = membership_of(request.user)
        if membership is None or not may(OrgRole(membership.role), Capability.MANAGE_MEMBERS):
            raise GameError(
                ErrorCode.NOT_ALLOWED, "Only the organisation's admins see invitations."
            )
        invitations = pending_invitations(membership.organisation_id)
        return Response(InvitationSerializer(invitations, many=True).data)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: NewInvitationSerializer},
        summary="Invite someone by a one-time link (admins)",
        description="The answer holds the link, shown once: hand it to the person (it is also "
        "mailed when `email` is given and the server has an email backend). It works once, "
        "within 7 days, and makes a new account with the role given; never staff.",
    )
    def post(self, request: Request) -> Response:
        data = _valid(InvitationCreateSerializer, request.data)
        base = absolute_url(request, reverse("invitation-accept", kwargs={"token": "-"}))
        base = base.removesuffix("-/")
        invitation, token = services.invitation_create(
            by=_user(request), role=OrgRole(data["role"]), email=data["email"], sign_in_url=base
        )
        answer = {
            **InvitationSerializer(invitation).data,
            "url": f"{base}{token}/",
            "emailed": bool(invitation.email) and services.mail_configured(),
        }
        return Response(answer, status=status.HTTP_201_CREATED)


class InvitationDetailView(APIView):
    permission_classes = [IsMember]

    @extend_schema(responses={204: None}, summary="Revoke an open invitation (admins)")
    def delete(self, request: Request, invitation: int) -> Response:
        services.invitation_revoke(by=_user(request), invitation_id=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberDetailView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        request=RoleSerializer,
        responses=MemberSerializer,
        summary="Change a member's role (admins)",
    )
    def patch(self, request: Request, user: int) -> Response:
        role = OrgRole(_valid(RoleSerializer, request.data)["role"])
        member = services.member_role_set(by=_user(request), user_id=user, role=role)
        return Response(MemberSerializer(member).data)

    @extend_schema(
        responses={204: None},
        summary="Remove a member (admins)",
        description="Their account is deactivated: their sign-in and API tokens stop working. "
        "Their games stay the organisation's.",
    )
    def delete(self, request: Request, user: int) -> Response:
        services.member_remove(by=_user(request), user_id=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# API tokens ------------------------------------------------------------------------------------


class ApiTokenSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(
        source="token_key",
        help_text="The key's first characters, to tell tokens apart; not enough to use it.",
    )
    owner = serializers.CharField(source="user.username")
    created_at = serializers.DateTimeField(source="created")
    expires_at = serializers.DateTimeField(source="expiry", allow_null=True)
    last_used_at = serializers.DateTimeField(
        source="last_used",
        allow_null=True,
        help_text="When a request last used it, to the minute (null: never).",
    )
    expired = serializers.SerializerMethodField()

    def get_expired(self, token: Any) -> bool:
        return token.expiry is not None and token.expiry <= timezone.now()


class ApiTokenCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80, help_text="What the token is for.")
    expires_in_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        help_text=f"Days until it stops working; {settings.API_TOKEN_DAYS} when left out, at "
        f"most {settings.API_TOKEN_MAX_DAYS}. No token lives for ever.",
    )


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        help_text="The key, for `Authorization: Token <key>`. Shown this once: only a digest "
        "is kept."
    )


class ApiTokenListView(APIView):
    permission_classes = [IsMember]

    @extend_schema(responses=ApiTokenSerializer(many=True), summary="Your API tokens")
    def get(self, request: Request) -> Response:
        return Response(ApiTokenSerializer(tokens.api_tokens_of(request.user), many=True).data)

    @extend_schema(
        request=ApiTokenCreateSerializer,
        responses={201: NewApiTokenSerializer},
        summary="Make an API token (signed in in the browser only)",
        description="The answer holds the key, shown once. A token acts as you, with your role. "
        "Only a browser session may make one: a token cannot make more tokens, so a leaked key "
        "dies with its expiry or its revocation.",
    )
    def post(self, request: Request) -> Response:
        data = _valid(ApiTokenCreateSerializer, request.data)
        if isinstance(request.auth, ApiToken):
            raise GameError(
                ErrorCode.NOT_ALLOWED,
                "An API token cannot make tokens; make one on /facilitate/tokens.",
            )
        made = tokens.api_token_create(
            user=_user(request), name=data["name"], expires_in_days=data.get("expires_in_days")
        )
        answer = {**ApiTokenSerializer(made.token).data, "key": made.key}
        return Response(answer, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        responses={204: None},
        summary="Revoke an API token: yours, or (admins) a member's of your organisation",
        description="It stops working at once. Another organisation's token, or another "
        "member's for someone who is not an admin, is not found (404).",
    )
    def delete(self, request: Request, token: int) -> Response:
        tokens.api_token_revoke(by=_user(request), token_id=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganisationTokenListView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        responses=ApiTokenSerializer(many=True),
        summary="The API tokens of every member of your organisation (admins)",
    )
    def get(self, request: Request) -> Response:
        found = tokens.api_tokens_of_organisation(by=_user(request))
        return Response(ApiTokenSerializer(found, many=True).data)
