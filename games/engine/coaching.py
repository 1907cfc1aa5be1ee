"""The rules of the learning loop: concession limits, rubric levels, and when a change is agreed."""

from collections.abc import Mapping, Set
from dataclasses import dataclass
from enum import StrEnum


class RubricLevel(StrEnum):
    NOT_SEEN = "not_seen"
    ATTEMPTED = "attempted"
    DONE_WELL = "done_well"


class WouldStay(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class ConcessionFlag(StrEnum):
    NEVER = "never"  # the giver's parameters say this may never be given
    NO_APPROVAL = "no_approval"  # needs the named approver, who was not asked
    NOT_THEIRS = "not_theirs"  # outside the giver's own parameters altogether


@dataclass(frozen=True)
class ConcessionTerms:
    """Where a concession sits in the scenario: whose parameters, which column, what it costs."""

    function: str
    column: str  # alone, with_approval, never
    cost: int
    approver: str | None = None


def concession_flags(
    terms: ConcessionTerms, *, giver_functions: Set[str], approved: bool
) -> list[ConcessionFlag]:
    """What is wrong with giving this, if anything: beyond the giver's parameters, or without
    the named approval."""
    flags: list[ConcessionFlag] = []
    if terms.function not in giver_functions:
        flags.append(ConcessionFlag.NOT_THEIRS)
    if terms.column == "never":
        flags.append(ConcessionFlag.NEVER)
    elif terms.column == "with_approval" and not approved:
        flags.append(ConcessionFlag.NO_APPROVAL)
    return flags


def is_agreed(votes: Mapping[int, bool], responders: Set[int]) -> bool:
    """A change is agreed when every present responder has accepted it, and not before."""
    return bool(responders) and all(votes.get(responder) is True for responder in responders)
