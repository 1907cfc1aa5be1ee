"""Single sign-on's rule: the identity provider's groups give the highest role any of them is
mapped to; no mapped group gives none (the person is refused)."""

import pytest

from organisations.roles import OrgRole
from organisations.sso import GroupRolesError, groups_in, parse_group_roles, role_for_groups

MAPPING = {
    "bearcave-owners": OrgRole.OWNER,
    "bearcave-admins": OrgRole.ADMIN,
    "trainers": OrgRole.FACILITATOR,
    "coaches": OrgRole.OBSERVER,
}


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["coaches"], OrgRole.OBSERVER),
        (["trainers"], OrgRole.FACILITATOR),
        (["coaches", "trainers"], OrgRole.FACILITATOR),
        (["trainers", "coaches"], OrgRole.FACILITATOR),
        (["everyone", "coaches", "bearcave-admins", "trainers"], OrgRole.ADMIN),
        (["bearcave-admins", "bearcave-owners"], OrgRole.OWNER),
    ],
)
def test_the_highest_role_any_group_gives_wins(groups, role):
    assert role_for_groups(groups, MAPPING) is role


@pytest.mark.parametrize("groups", [[], ["everyone", "kitchen"], ["Trainers"], ["trainers "]])
def test_no_mapped_group_gives_no_role(groups):
    assert role_for_groups(groups, MAPPING) is None


def test_the_mapping_reads_group_equals_role_pairs():
    assert parse_group_roles(" bearcave-admins = admin,Sales Trainers=facilitator, ") == {
        "bearcave-admins": OrgRole.ADMIN,
        "Sales Trainers": OrgRole.FACILITATOR,
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "no GROUP=ROLE pair"),
        ("trainers", "'trainers' is not GROUP=ROLE"),
        ("=admin", "is not GROUP=ROLE"),
        ("trainers=", "is not GROUP=ROLE"),
        ("trainers=superuser", "'superuser' (for group 'trainers') is not a role"),
        ("trainers=staff", "is not a role: owner, admin, facilitator, observer"),
        ("a=admin,a=observer", "group 'a' is named twice"),
    ],
)
def test_a_mapping_that_cannot_be_read_says_why(text, says):
    with pytest.raises(GroupRolesError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_group_roles(text)


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        (["a", "b c"], ["a", "b c"]),
        ("b c", ["b c"]),
        (("a",), ["a"]),
        (["a", 7, None], ["a"]),
        (None, []),
        ({"a": True}, []),
        (7, []),
    ],
)
def test_a_groups_claim_is_a_list_of_names_or_one_name(claim, groups):
    assert groups_in(claim) == groups
