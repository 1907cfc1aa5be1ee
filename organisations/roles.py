"""Who may do what in an organisation and in a game: two small tables, checked by two functions.

Plain Python (no Django), like games/engine/roles.py: the services and the edges ask `may` and
`game_may`; the tables are the whole policy (decision 0500).
"""

from collections.abc import Set
from enum import StrEnum


class OrgRole(StrEnum):
    OWNER = "owner"  # an admin who cannot be removed or demoted by another admin
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    OBSERVER = "observer"


class Capability(StrEnum):
    MANAGE_MEMBERS = "manage_members"  # invite, change roles, remove
    PUBLISH_SCENARIOS = "publish_scenarios"  # the organisation's library
    CREATE_GAMES = "create_games"
    WRITE_DRAFTS = "write_drafts"  # the studio: drafts and practice games
    READ_LIBRARY = "read_library"  # the built-in scenarios and the organisation's
    USE_API_TOKENS = "use_api_tokens"  # make, list and revoke one's own API tokens
    MANAGE_MEMBER_TOKENS = "manage_member_tokens"  # list and revoke the members' API tokens


_ADMINS = frozenset({OrgRole.OWNER, OrgRole.ADMIN})
_FACILITATORS = _ADMINS | {OrgRole.FACILITATOR}

_WHO_MAY: dict[Capability, Set[OrgRole]] = {
    Capability.MANAGE_MEMBERS: _ADMINS,
    Capability.PUBLISH_SCENARIOS: _ADMINS,
    Capability.CREATE_GAMES: _FACILITATORS,
    Capability.WRITE_DRAFTS: _FACILITATORS,
    Capability.READ_LIBRARY: set(OrgRole),
    # A token acts as its owner with their role, no more: an observer's script reads only what
    # the observer may. Admins revoke any member's token (an owner's too: revoking takes power
    # away, it gives none), say when a laptop is lost (decision 0520).
    Capability.USE_API_TOKENS: set(OrgRole),
    Capability.MANAGE_MEMBER_TOKENS: _ADMINS,
}


def may(role: OrgRole | None, capability: Capability) -> bool:
    """Whether a member with `role` (None: no member of any organisation) may do `capability`."""
    return role is not None and role in _WHO_MAY[capability]


def roles_given_by(role: OrgRole) -> Set[OrgRole]:
    """The roles a member with `role` may invite or set: an owner names admins and owners too;
    an admin every role but owner."""
    if role is OrgRole.OWNER:
        return set(OrgRole)
    if role is OrgRole.ADMIN:
        return {OrgRole.ADMIN, OrgRole.FACILITATOR, OrgRole.OBSERVER}
    return set()


# Games ----------------------------------------------------------------------------------------


class ShareRole(StrEnum):
    """How a game is shared with another member of its organisation."""

    CO_FACILITATOR = "co_facilitator"
    OBSERVER = "observer"


class GameAccess(StrEnum):
    """What a signed-in member is to one game."""

    FACILITATOR = "facilitator"  # created it
    CO_FACILITATOR = "co_facilitator"  # shared with them to run
    OBSERVER = "observer"  # shared with them to watch and replay


class GameAction(StrEnum):
    READ = "read"  # everything the facilitator's screens show, live and in replays
    RUN = "run"  # every command the facilitator sends
    MANAGE = "manage"  # share, export, delete


_GAME_WHO_MAY: dict[GameAction, Set[GameAccess]] = {
    GameAction.READ: set(GameAccess),
    GameAction.RUN: {GameAccess.FACILITATOR, GameAccess.CO_FACILITATOR},
    GameAction.MANAGE: {GameAccess.FACILITATOR},
}


def game_access(
    *,
    member_role: OrgRole | None,
    same_organisation: bool,
    created_it: bool,
    shared: ShareRole | None,
) -> GameAccess | None:
    """What a user is to a game: nothing unless they are a member of the game's organisation
    now; an organisation observer never more than an observer of a game, whatever it says."""
    if member_role is None or not same_organisation:
        return None
    if created_it:
        access = GameAccess.FACILITATOR
    elif shared is ShareRole.CO_FACILITATOR:
        access = GameAccess.CO_FACILITATOR
    elif shared is ShareRole.OBSERVER:
        access = GameAccess.OBSERVER
    else:
        return None
    if member_role is OrgRole.OBSERVER:
        return GameAccess.OBSERVER
    return access


def game_may(access: GameAccess | None, action: GameAction) -> bool:
    return access is not None and access in _GAME_WHO_MAY[action]
