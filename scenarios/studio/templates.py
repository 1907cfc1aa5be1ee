"""Where a draft starts: a blank scenario, the guided "your own incident" template, or a fork.

Plain Python. A template is a document the form can show section by section; what it cannot
know is left empty, so the schema's own problems list what there is still to write.
"""

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from scenarios.schema import SCHEMA_VERSION

Document = dict[str, Any]

# Moves nearly every recovery needs: where a template starts the coach's lists. The author
# writes what each looks like in this scenario (a template cannot know that).
STARTING_RUBRIC = ("acknowledge", "clarify", "present_resolution")
STARTING_ANTI_PATTERNS = ("defend", "vague_promise")


def slug_of(text: str, *, fallback: str) -> str:
    """`Late pallets, again!` as `late-pallets-again`: a valid slug, at most 64 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or fallback


def _seat(title: str = "", function: str = "") -> Document:
    return {
        "function": function,
        "title": title,
        "brief": "",
        "private_facts": [],
        "parameters": {"alone": [], "with_approval": [], "never": []},
    }


def blank_document() -> Document:
    """Every section with its required parts present and empty: a form to fill in."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": "",
        "title": "",
        "version": "1.0",
        "summary": "",
        "industry": "",
        "difficulty": "introductory",
        "currency": "EUR",
        "live_minutes": 20,
        "techniques": [],
        "customer": {
            "persona": {"name": "", "company": "", "role": "", "history": "", "value": ""},
            "opening_statement": "",
            "what_happened": "",
            "wants": [""],
            "does_not_know": [],
            "hidden_facts": [],
            "starting_mood": 7,
            "temper_visible": True,
            "hot_buttons": [{"trigger": "", "techniques": [], "mood_change": 2}],
            "calming_moves": [{"effect": 2, "note": ""}],
            "escalation_cards": [],
        },
        "responders": [_seat(), _seat()],
        "coach": {
            "rubric": [{"looks_like": ""} for _ in range(3)],
            "anti_patterns": [{"looks_like": ""} for _ in range(2)],
            "great_round": "",
            "debrief_questions": ["", ""],
        },
        "injects": [],
        "outcome": {"calm_threshold": 3, "good_resolution": [""]},
    }


@dataclass(frozen=True)
class Offer:
    """Something the team can give: what, its cost, which seat gives it and whether it needs
    someone's approval."""

    description: str
    cost: int
    given_by: int  # the index of the seat in `involved`
    needs_approval: bool = False


@dataclass(frozen=True)
class Incident:
    """The guided template's questions: what happened, who was involved, what the customer
    wants, what the team can give."""

    title: str
    what_happened: str
    customer_name: str = ""
    customer_company: str = ""
    customer_role: str = ""
    situation_type: str = ""
    involved: list[str] = field(default_factory=list)
    wants: list[str] = field(default_factory=list)
    can_give: list[Offer] = field(default_factory=list)


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = slug[: 64 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


def incident_document(incident: Incident) -> Document:
    """A draft of the team's own incident: the answers put where they belong, the coach's lists
    started with the moves nearly every recovery needs, the rest left to write."""
    document = blank_document()
    customer = document["customer"]
    document["id"] = slug_of(incident.title, fallback="")
    document["title"] = incident.title
    if incident.situation_type:
        document["situation_type"] = incident.situation_type
    customer["what_happened"] = incident.what_happened
    customer["persona"].update(
        name=incident.customer_name, company=incident.customer_company, role=incident.customer_role
    )
    wants = [want for want in incident.wants if want.strip()] or [""]
    customer["wants"] = wants
    document["outcome"]["good_resolution"] = list(wants)
    customer["hot_buttons"][0]["techniques"] = ["dismiss"]
    customer["calming_moves"][0]["technique"] = "acknowledge"
    functions: set[str] = set()
    seats = [
        _seat(title, _unique(slug_of(title, fallback="seat"), functions))
        for title in incident.involved
        if title.strip()
    ]
    document["responders"] = seats + [_seat() for _ in range(2 - len(seats))]
    concession_ids: set[str] = set()
    for offer in incident.can_give:
        if not 0 <= offer.given_by < len(seats):
            continue
        concession: Document = {
            "id": _unique(slug_of(offer.description, fallback="concession"), concession_ids),
            "description": offer.description,
            "cost": offer.cost,
        }
        column = "with_approval" if offer.needs_approval else "alone"
        if offer.needs_approval:
            concession["approver"] = ""
        seats[offer.given_by]["parameters"][column].append(concession)
    coach = document["coach"]
    coach["rubric"] = [{"technique": t, "looks_like": ""} for t in STARTING_RUBRIC]
    coach["anti_patterns"] = [{"technique": t, "looks_like": ""} for t in STARTING_ANTI_PATTERNS]
    name = incident.customer_name.strip() or "the customer"
    coach["debrief_questions"] = [
        f"When did {name} first feel heard, and what caused it?",
        "What will the team do differently in the next round?",
    ]
    return document


def fork_document(document: Document, *, new_id: str) -> Document:
    """A copy of a scenario under a new id, as a new scenario's first edition."""
    fork = copy.deepcopy(document)
    fork["id"] = new_id
    fork["title"] = f"{fork.get('title', '')} (copy)".strip()
    fork["version"] = "1.0"
    return fork
