"""Who a signed-in member is to a game, and sharing a game with other members of its
organisation (co-facilitators run it, observers watch and replay it). The rules are the tables
of organisations.roles; every edge (REST, the socket, the command path) asks `game_access_of`.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from games.engine.errors import ErrorCode, GameError
from games.models import Game, GameShare
from organisations.models import Membership
from organisations.roles import GameAccess, GameAction, OrgRole, ShareRole, game_access, game_may
from organisations.selectors import membership_of


def game_access_of(game: Game, user: AbstractBaseUser | AnonymousUser | None) -> GameAccess | None:
    """What `user` is to `game` now (None: nothing; the game is then not found for them)."""
    membership = membership_of(user)
    if membership is None:
        return None
    user_id: int = membership.user_id
    created_it = game.facilitator_id == user_id
    shared = None
    if not created_it and membership.organisation_id == game.organisation_id:
        role = GameShare.objects.filter(game=game, user_id=user_id).values_list("role", flat=True)
        shared = ShareRole(role[0]) if role else None
    return game_access(
        member_role=OrgRole(membership.role),
        same_organisation=membership.organisation_id == game.organisation_id,
        created_it=created_it,
        shared=shared,
    )


def check_game_may(game: Game, user: User, action: GameAction) -> GameAccess:
    """`user`'s access to `game` if it allows `action`; GameError otherwise (not found for
    someone the game is nothing to, as if it did not exist)."""
    access = game_access_of(game, user)
    if access is None:
        raise GameError(ErrorCode.GAME_NOT_FOUND, f"You have no game with the code {game.code}.")
    if not game_may(access, action):
        raise GameError(ErrorCode.NOT_ALLOWED, _REFUSALS[action])
    return access


_REFUSALS = {
    GameAction.READ: "You may not read this game.",
    GameAction.RUN: "You watch this game: only its facilitator and co-facilitators run it.",
    GameAction.MANAGE: "Only the game's own facilitator may share, export or delete it.",
}


@transaction.atomic
def game_share(*, game: Game, by: User, user_id: int, role: ShareRole) -> GameShare:
    """Give the game to another member of its organisation to run or watch (again: the new
    role replaces the old)."""
    check_game_may(game, by, GameAction.MANAGE)
    if user_id == game.facilitator_id:
        raise GameError(ErrorCode.INVALID, "The game's facilitator has it already.")
    member = Membership.objects.filter(
        organisation_id=game.organisation_id, user_id=user_id, user__is_active=True
    ).first()
    if member is None:
        raise GameError(ErrorCode.NOT_FOUND, "No member of the game's organisation has that id.")
    share, _ = GameShare.objects.update_or_create(
        game=game, user_id=user_id, defaults={"role": role}
    )
    return share


@transaction.atomic
def game_unshare(*, game: Game, by: User, user_id: int) -> None:
    check_game_may(game, by, GameAction.MANAGE)
    deleted, _ = GameShare.objects.filter(game=game, user_id=user_id).delete()
    if not deleted:
        raise GameError(ErrorCode.NOT_FOUND, "The game is not shared with that member.")
