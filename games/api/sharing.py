"""Sharing a game with other members of its organisation: its facilitator lists, adds and
removes co-facilitators and observers (games/services/sharing.py decides who may)."""

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from games.api.access import game_caller
from games.api.commands import GameEndpoint
from games.engine.errors import ErrorCode, GameError
from games.services.sharing import game_share, game_unshare
from organisations.roles import GameAction, ShareRole

SHARE_ROLES = [role.value for role in ShareRole]


class ShareSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(source="user_id", help_text="The member's id.")
    username = serializers.CharField(source="user.username", read_only=True)
    role = serializers.ChoiceField(
        SHARE_ROLES, help_text="`co_facilitator` runs the game; `observer` watches and replays."
    )


class ShareListView(GameEndpoint):
    @extend_schema(
        responses=ShareSerializer(many=True),
        summary="Who the game is shared with (its facilitators and observers)",
    )
    def get(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        caller.require(GameAction.READ)
        shares = caller.game.shares.select_related("user").order_by("user__username")
        return Response(ShareSerializer(shares, many=True).data)

    @extend_schema(
        request=ShareSerializer,
        responses={201: ShareSerializer},
        summary="Share the game with a member of its organisation (its facilitator)",
        description="Sharing again with the same member sets their new role.",
    )
    def post(self, request: Request, code: str) -> Response:
        caller = game_caller(request, code)
        body = ShareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        share = game_share(
            game=caller.game,
            by=_sharer(caller.user),
            user_id=body.validated_data["user_id"],
            role=ShareRole(body.validated_data["role"]),
        )
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareDetailView(GameEndpoint):
    @extend_schema(responses={204: None}, summary="Stop sharing the game with a member")
    def delete(self, request: Request, code: str, user: int) -> Response:
        caller = game_caller(request, code)
        game_unshare(game=caller.game, by=_sharer(caller.user), user_id=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _sharer(user: User | None) -> User:
    """A member (the service then asks whether they may share); never a player."""
    if user is None:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only the game's facilitator shares it.")
    return user
