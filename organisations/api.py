"""The organisation's endpoints: who is in it, invitations (admins), roles and removals
(admins). Each view authenticates, validates, calls one service and answers; the services
check the caller's role (organisations.roles)."""

from typing import Any, cast

from django.contrib.auth.models import User
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bearcave.api import IsMember
from bearcave.network import absolute_url
from games.engine.errors import ErrorCode, GameError
from organisations import services
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
