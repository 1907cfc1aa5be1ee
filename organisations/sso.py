"""Single sign-on's one rule: which organisation role the identity provider's groups give.

Plain Python (no Django), like organisations/roles.py: the OpenID Connect backend
(organisations/oidc.py) asks `role_for_groups` on every sign-in; the settings parse the mapping
with `parse_group_roles` (decision 0530).
"""

from collections.abc import Iterable, Mapping

from organisations.roles import OrgRole

# Highest first: a person in several mapped groups gets the highest role any of them gives.
_RANK: dict[OrgRole, int] = {
    OrgRole.OWNER: 4,
    OrgRole.ADMIN: 3,
    OrgRole.FACILITATOR: 2,
    OrgRole.OBSERVER: 1,
}


class GroupRolesError(ValueError):
    """The group-to-role mapping cannot be read."""


def parse_group_roles(text: str) -> dict[str, OrgRole]:
    """`"bearcave-admins=admin, trainers=facilitator"` as a mapping of group to role.

    A group name may contain anything but `,` and `=` (spaces around them are dropped); each
    group is named once, and each role is one of OrgRole's."""
    mapping: dict[str, OrgRole] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        group, separator, role = (part.strip() for part in item.partition("="))
        if not separator or not group or not role:
            raise GroupRolesError(f"{item.strip()!r} is not GROUP=ROLE")
        if role not in _RANK:
            roles = ", ".join(role.value for role in OrgRole)
            raise GroupRolesError(f"{role!r} (for group {group!r}) is not a role: {roles}")
        if group in mapping:
            raise GroupRolesError(f"group {group!r} is named twice")
        mapping[group] = OrgRole(role)
    if not mapping:
        raise GroupRolesError("no GROUP=ROLE pair")
    return mapping


def groups_in(claim: object) -> list[str]:
    """The group names a claim carries: a list of names, or a string as one name (not split on
    spaces: a group name may hold one). Anything else carries none."""
    if isinstance(claim, str):
        return [claim]
    if isinstance(claim, list | tuple):
        return [group for group in claim if isinstance(group, str)]
    return []


def role_for_groups(groups: Iterable[str], mapping: Mapping[str, OrgRole]) -> OrgRole | None:
    """The highest role any of `groups` is mapped to; None when none of them is mapped (the
    person is refused: no group, no role)."""
    roles = [mapping[group] for group in groups if group in mapping]
    if not roles:
        return None
    return max(roles, key=_RANK.__getitem__)
