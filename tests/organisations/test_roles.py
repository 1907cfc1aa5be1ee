"""The role tables: what each organisation role may do, and what each member is to a game."""

import pytest

from organisations.roles import (
    Capability,
    GameAccess,
    GameAction,
    OrgRole,
    ShareRole,
    game_access,
    game_may,
    may,
    roles_given_by,
)

EXPECTED = {
    OrgRole.OWNER: set(Capability),
    OrgRole.ADMIN: set(Capability),
    OrgRole.FACILITATOR: {
        Capability.CREATE_GAMES,
        Capability.WRITE_DRAFTS,
        Capability.READ_LIBRARY,
        Capability.USE_API_TOKENS,
    },
    OrgRole.OBSERVER: {Capability.READ_LIBRARY, Capability.USE_API_TOKENS},
}


@pytest.mark.parametrize("role", list(OrgRole))
def test_each_role_may_do_exactly_its_capabilities(role):
    assert {c for c in Capability if may(role, c)} == EXPECTED[role]


def test_someone_outside_every_organisation_may_do_nothing():
    assert not any(may(None, c) for c in Capability)


def test_an_admin_never_names_an_owner_and_a_facilitator_names_nobody():
    assert OrgRole.OWNER not in roles_given_by(OrgRole.ADMIN)
    assert roles_given_by(OrgRole.OWNER) == set(OrgRole)
    assert roles_given_by(OrgRole.FACILITATOR) == set()


@pytest.mark.parametrize(
    ("member_role", "same", "created", "shared", "expected"),
    [
        (OrgRole.FACILITATOR, True, True, None, GameAccess.FACILITATOR),
        (OrgRole.FACILITATOR, True, False, ShareRole.CO_FACILITATOR, GameAccess.CO_FACILITATOR),
        (OrgRole.FACILITATOR, True, False, ShareRole.OBSERVER, GameAccess.OBSERVER),
        (OrgRole.FACILITATOR, True, False, None, None),
        (OrgRole.ADMIN, True, False, None, None),  # admins read only what is shared with them
        (OrgRole.OBSERVER, True, False, ShareRole.CO_FACILITATOR, GameAccess.OBSERVER),
        (OrgRole.OWNER, False, True, None, None),  # left for another organisation
        (None, True, True, None, None),  # removed from the organisation
    ],
)
def test_what_a_member_is_to_a_game(member_role, same, created, shared, expected):
    access = game_access(
        member_role=member_role, same_organisation=same, created_it=created, shared=shared
    )

    assert access == expected


def test_observers_read_co_facilitators_run_and_only_the_facilitator_manages():
    assert {a for a in GameAccess if game_may(a, GameAction.READ)} == set(GameAccess)
    assert {a for a in GameAccess if game_may(a, GameAction.RUN)} == {
        GameAccess.FACILITATOR,
        GameAccess.CO_FACILITATOR,
    }
    assert {a for a in GameAccess if game_may(a, GameAction.MANAGE)} == {GameAccess.FACILITATOR}
    assert not game_may(None, GameAction.READ)
