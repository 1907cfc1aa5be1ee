"""What each seat's brief shows: the scenario projected onto one seat's screen.

A projection is built by validating the scenario's own data against a model that declares only
what that screen shows, so anything else (the customer's `does_not_know`, which holds the team's
secrets; the cues and techniques the scripted customer and the detector read; the briefs of
functions not in play) is dropped, never sent.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict

from games.engine.roles import Role
from scenarios.schema import EscalationCard, Persona, ResponderSeat


class Projection(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class HiddenFactView(Projection):
    fact: str
    revealed_when: str


class HotButtonView(Projection):
    trigger: str
    mood_change: int


class CalmingMoveView(Projection):
    note: str
    effect: int


class CustomerBrief(Projection):
    """The customer's private brief, as their screen shows it."""

    persona: Persona
    opening_statement: str
    what_happened: str
    wants: list[str]
    hidden_facts: list[HiddenFactView]
    hot_buttons: list[HotButtonView]
    calming_moves: list[CalmingMoveView]
    escalation_cards: list[EscalationCard]


class CustomerCard(Projection):
    name: str
    company: str
    role: str


def brief_for(
    document: dict[str, Any], role: Role, functions: tuple[str, ...], in_play: list[str]
) -> dict[str, Any]:
    """The brief a seat receives: the public part, and only its own private part (the coach and
    the facilitator: the whole scenario, less the functions not in this game)."""
    customer = document["customer"]
    public = {
        "title": document["title"],
        "summary": document["summary"],
        "customer": CustomerCard.model_validate(customer["persona"]).model_dump(),
        "opening_statement": customer["opening_statement"],
    }
    if role in (Role.COACH, Role.FACILITATOR):
        seats = [seat for seat in document["responders"] if seat["function"] in in_play]
        return {**public, "scenario": {**document, "responders": seats}}
    if role is Role.CUSTOMER:
        return {**public, "customer_brief": CustomerBrief.model_validate(customer).model_dump()}
    if role is Role.RESPONDER:
        seats = [
            ResponderSeat.model_validate(seat).model_dump(mode="json")
            for seat in document["responders"]
            if seat["function"] in functions
        ]
        return {**public, "responder_briefs": seats}
    return public
