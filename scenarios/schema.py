"""The scenario format: pydantic models for one YAML file and the rules tying its parts together.

This module is the single definition of a scenario. The JSON Schema in docs/scenario.schema.json is
exported from it (`python manage.py export_scenario_schema`), and docs/scenarios.md explains it.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from scenarios.techniques import SHARED_TECHNIQUES, TechniqueKind

SCHEMA_VERSION: Literal[1] = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TECHNIQUE_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=64),
    Field(description="Lower-case letters, digits and single hyphens, e.g. `late-pallets`."),
]
TechniqueId = Annotated[
    str,
    StringConstraints(pattern=TECHNIQUE_ID_PATTERN, max_length=48),
    Field(description="A technique id from the shared vocabulary or the scenario's `techniques`."),
]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Mood = Annotated[int, Field(ge=0, le=10, description="0 is calm, 10 is furious.")]
Cost = Annotated[int, Field(ge=0, le=10_000_000, description="In the scenario's currency.")]

FieldPath = tuple[str | int, ...]


def format_field_path(location: Iterable[str | int]) -> str:
    """`("customer", "hot_buttons", 1, "trigger")` as `customer.hot_buttons[1].trigger`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class FieldProblems(ValueError):
    """Problems a part found with the fields below it, each at its own path (relative to the
    part), so a reader is sent to the field and not to the whole part. Pydantic keeps the
    exception in its error's context; the loader lays the problems out field by field."""

    def __init__(self, problems: list[tuple[FieldPath, str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{format_field_path(path)}: {message}" for path, message in problems)
        )


class SituationType(StrEnum):
    QUALITY = "quality"
    LATE_DELIVERY = "late_delivery"
    WRONG_INFORMATION = "wrong_information"
    RETURN_OR_CANCELLATION = "return_or_cancellation"
    BAD_PAST_EXPERIENCES = "bad_past_experiences"
    CONFRONTATION = "confrontation"
    EXPLAINING_POLICY = "explaining_policy"
    ESCALATION_DEMAND = "escalation_demand"
    NOT_OUR_FAULT = "not_our_fault"
    PROACTIVE_DISCLOSURE = "proactive_disclosure"
    BILLING_ERROR = "billing_error"


class Difficulty(StrEnum):
    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    HARD = "hard"


class Audience(StrEnum):
    CUSTOMER = "customer"
    TEAM = "team"
    EVERYONE = "everyone"


class Part(BaseModel):
    """Every part of a scenario refuses unknown keys, so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Persona(Part):
    name: Line
    company: Line
    role: Line
    history: Text = Field(description="The relationship so far, as the customer remembers it.")
    value: Line = Field(description="What the account is worth, e.g. `EUR 240k a year, 6 years`.")


class HiddenFact(Part):
    fact: Text = Field(description="Something the customer knows but only says when asked.")
    revealed_when: Text = Field(description="The kind of question that brings it out.")
    cues: list[Line] = Field(
        default_factory=list,
        description="Words in a responder's question that count as asking it (for the scripted "
        "customer).",
    )
    says: Text | None = Field(
        default=None,
        description="The fact in the customer's own words (first person), as the scripted "
        "customer tells it when asked; without it, it quotes `fact`.",
    )


class HotButton(Part):
    trigger: Text = Field(description="What the team might do or say that makes things worse.")
    techniques: list[TechniqueId] = Field(
        default_factory=list, description="Anti-patterns that press this button."
    )
    mood_change: int = Field(ge=1, le=4, description="How many points the mood rises.")


class CalmingMove(Part):
    technique: TechniqueId
    effect: int = Field(ge=1, le=4, description="How many points the mood falls.")
    note: Text = Field(description="What it has to sound like to work on this customer.")


class CardTrigger(Part):
    """When the scripted customer plays a card: every condition given must hold."""

    mood_at_least: Mood | None = Field(
        default=None, description="The mood has reached at least this."
    )
    techniques: list[TechniqueId] = Field(
        default_factory=list,
        description="Anti-patterns that count towards playing the card.",
    )
    times: int = Field(
        default=1,
        ge=1,
        le=10,
        description="How many messages this round must have shown one of `techniques`.",
    )


class EscalationCard(Part):
    id: Slug
    label: Line = Field(description="The card's title, e.g. `I'm posting this on LinkedIn`.")
    text: Text = Field(description="What the customer says when playing it.")
    trigger: CardTrigger | None = Field(
        default=None,
        description="When the scripted customer plays it; without it, the first unplayed card is "
        "played when the mood rises to the top of the scale.",
    )


# Placeholders a voice line may use, by the kind of line (filled in by the scripted customer).
VOICE_PLACEHOLDERS = {"misses_the_point": {"want"}, "broken_promise": {"earlier"}}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Voice(Part):
    """How the scripted customer sounds in this scenario. Every entry is a list of alternative
    lines; it picks one (never the same twice in a round while others are left) and falls back
    on generic lines for anything left out."""

    furious: list[Line] = Field(
        default_factory=list, description="Nothing else to say, mood 9 or 10."
    )
    angry: list[Line] = Field(
        default_factory=list, description="Nothing else to say, at or above the starting mood."
    )
    warming: list[Line] = Field(
        default_factory=list, description="Nothing else to say, calmer than at the start."
    )
    calm: list[Line] = Field(
        default_factory=list, description="Nothing else to say, at or below the calm threshold."
    )
    replies: dict[TechniqueId, list[Line]] = Field(
        default_factory=dict,
        description="Answers to a move, by technique: a good move acknowledged in kind, an "
        "anti-pattern pushed back on.",
    )
    wants: list[Line] = Field(
        default_factory=list,
        description="The customer's `wants` in their own words, in the same order (said when "
        "asked what they need, or when a fix misses).",
    )
    asks_for_time: list[Line] = Field(
        default_factory=list, description="A promise or fix came without a time."
    )
    asks_for_owner: list[Line] = Field(
        default_factory=list, description="A promise came without anyone named to keep it."
    )
    accepts: list[Line] = Field(
        default_factory=list, description="A specific fix answers one of the wants."
    )
    misses_the_point: list[Line] = Field(
        default_factory=list,
        description="A fix answers none of the wants; `{want}` is the first still open.",
    )
    broken_promise: list[Line] = Field(
        default_factory=list,
        description="The team goes back on something it said or agreed; `{earlier}` is what.",
    )
    already_told: list[Line] = Field(
        default_factory=list, description="Asked again for something already told this round."
    )

    @model_validator(mode="after")
    def _known_placeholders(self) -> Self:
        problems: list[tuple[FieldPath, str]] = []
        for name in type(self).model_fields:
            lines = getattr(self, name)
            every: list[tuple[FieldPath, str]] = (
                [
                    ((name, technique, index), line)
                    for technique, group in lines.items()
                    for index, line in enumerate(group)
                ]
                if isinstance(lines, dict)
                else [((name, index), line) for index, line in enumerate(lines)]
            )
            allowed = VOICE_PLACEHOLDERS.get(name, set())
            known = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
            problems += [
                (path, f"unknown placeholder {{{placeholder}}} (known: {known})")
                for path, line in every
                for placeholder in _PLACEHOLDER.findall(line)
                if placeholder not in allowed
            ]
        if problems:
            raise FieldProblems(problems)
        return self


class Customer(Part):
    persona: Persona
    opening_statement: Text = Field(description="What the customer says to open every round.")
    what_happened: Text = Field(description="The story from the customer's side.")
    wants: list[Line] = Field(min_length=1)
    does_not_know: list[Line] = Field(default_factory=list)
    hidden_facts: list[HiddenFact] = Field(default_factory=list)
    starting_mood: Mood
    temper_visible: bool = Field(
        default=True, description="Whether the team sees the mood; the coach always does."
    )
    hot_buttons: list[HotButton] = Field(min_length=1)
    calming_moves: list[CalmingMove] = Field(min_length=1)
    escalation_cards: list[EscalationCard] = Field(default_factory=list, max_length=4)
    voice: Voice = Field(
        default_factory=Voice, description="How the scripted customer sounds (optional)."
    )


class Concession(Part):
    id: Slug
    description: Line
    cost: Cost


class ApprovedConcession(Concession):
    approver: Line = Field(description="Who must approve it, e.g. `Head of Logistics`.")


class RefusedConcession(Concession):
    why: Line = Field(description="Why this function may never give it.")


class Parameters(Part):
    alone: list[Concession] = Field(default_factory=list)
    with_approval: list[ApprovedConcession] = Field(default_factory=list)
    never: list[RefusedConcession] = Field(default_factory=list)


class ResponderSeat(Part):
    function: Slug = Field(description="e.g. `account-manager`, `support-engineer`, `billing`.")
    title: Line
    brief: Text
    private_facts: list[Text] = Field(default_factory=list)
    parameters: Parameters


class CustomTechnique(Part):
    id: TechniqueId
    label: Line
    kind: TechniqueKind
    description: Text
    cues: list[Line] = Field(
        default_factory=list,
        description="Phrases in a responder's message that show this technique (for the technique "
        "detector).",
    )


class RubricEntry(Part):
    technique: TechniqueId
    looks_like: Text = Field(
        description="In this scenario: what it looks like done well (or, "
        "for an anti-pattern, what to watch for)."
    )
    cues: list[Line] = Field(
        default_factory=list,
        description="Phrases that show this technique in this scenario, added to the technique "
        "detector's shared cues.",
    )


class Coach(Part):
    rubric: list[RubricEntry] = Field(min_length=3, description="The good moves to watch for.")
    anti_patterns: list[RubricEntry] = Field(min_length=2)
    great_round: Text
    debrief_questions: list[Line] = Field(min_length=2)

    @property
    def taggable(self) -> frozenset[str]:
        """The techniques a coach may tag: the good moves and the anti-patterns."""
        return frozenset(entry.technique for entry in (*self.rubric, *self.anti_patterns))


class Inject(Part):
    id: Slug
    title: Line
    at_minute: float | None = Field(
        default=None,
        ge=0,
        le=120,
        description="Minute of the live phase at which it fires; leave out for coach-fired only.",
    )
    audience: Audience
    customer_text: Text | None = None
    team_text: Text | None = None

    @model_validator(mode="after")
    def _has_text_for_its_audience(self) -> Self:
        problems: list[tuple[FieldPath, str]] = []
        if self.audience in (Audience.CUSTOMER, Audience.EVERYONE) and not self.customer_text:
            problems.append((("customer_text",), f"an inject for the {self.audience} needs it"))
        if self.audience in (Audience.TEAM, Audience.EVERYONE) and not self.team_text:
            problems.append((("team_text",), f"an inject for the {self.audience} needs it"))
        if problems:
            raise FieldProblems(problems)
        return self


class Outcome(Part):
    calm_threshold: Mood = Field(description="A mood at or below this counts as calm.")
    good_resolution: list[Line] = Field(min_length=1)


class Scenario(Part):
    schema_version: Literal[1] = SCHEMA_VERSION
    id: Slug
    title: Line
    version: Line = Field(description="The author's label for this edition, e.g. `1.2`.")
    summary: Text
    situation_type: SituationType
    industry: Slug
    difficulty: Difficulty
    currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)] = "EUR"
    live_minutes: int = Field(default=20, ge=3, le=90)
    techniques: list[CustomTechnique] = Field(
        default_factory=list, description="Scenario-specific techniques beyond the shared ones."
    )
    customer: Customer
    responders: list[ResponderSeat] = Field(min_length=2, max_length=5)
    coach: Coach
    injects: list[Inject] = Field(default_factory=list)
    outcome: Outcome

    @model_validator(mode="after")
    def _parts_agree(self) -> Self:
        problems = [
            *self._unique("responders", "function", [seat.function for seat in self.responders]),
            *self._unique("injects", "id", [inject.id for inject in self.injects]),
            *self._unique(
                "customer.escalation_cards",
                "id",
                [card.id for card in self.customer.escalation_cards],
            ),
            *self._unique("techniques", "id", [technique.id for technique in self.techniques]),
            *self._duplicate_concessions(),
            *self._unknown_techniques(),
        ]
        wants, said = self.customer.wants, self.customer.voice.wants
        if said and len(said) != len(wants):
            problems.append(
                (
                    ("customer", "voice", "wants"),
                    f"{len(said)} lines; give one for each of the {len(wants)} customer.wants, "
                    "in the same order, or none",
                )
            )
        if self.outcome.calm_threshold >= self.customer.starting_mood:
            problems.append(
                (
                    ("outcome", "calm_threshold"),
                    f"{self.outcome.calm_threshold} must be below customer.starting_mood "
                    f"({self.customer.starting_mood})",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self

    def technique_kinds(self) -> dict[str, TechniqueKind]:
        kinds = {id: technique.kind for id, technique in SHARED_TECHNIQUES.items()}
        kinds.update({technique.id: technique.kind for technique in self.techniques})
        return kinds

    def concession_index(self) -> dict[str, tuple[str, Concession]]:
        """Every concession by id, with the parameter column (alone / with_approval / never)."""
        index: dict[str, tuple[str, Concession]] = {}
        for seat in self.responders:
            for column in ("alone", "with_approval", "never"):
                for concession in getattr(seat.parameters, column):
                    index[concession.id] = (column, concession)
        return index

    def _duplicate_concessions(self) -> list[tuple[FieldPath, str]]:
        places: dict[str, list[FieldPath]] = defaultdict(list)
        for number, seat in enumerate(self.responders):
            for column in ("alone", "with_approval", "never"):
                for index, concession in enumerate(getattr(seat.parameters, column)):
                    places[concession.id].append(
                        ("responders", number, "parameters", column, index, "id")
                    )
        return self._repeats(places, "a concession id must be unique across every seat")

    @classmethod
    def _unique(cls, where: str, key: str, ids: list[str]) -> list[tuple[FieldPath, str]]:
        base: FieldPath = tuple(where.split("."))
        places: dict[str, list[FieldPath]] = defaultdict(list)
        for index, id in enumerate(ids):
            places[id].append((*base, index, key))
        return cls._repeats(places, "")

    @staticmethod
    def _repeats(places: dict[str, list[FieldPath]], why: str) -> list[tuple[FieldPath, str]]:
        """Each repeat of an id, at its own field, naming where it first appeared."""
        return [
            (
                path,
                f"'{id}' appears more than once (first at {format_field_path(paths[0])})"
                + (f"; {why}" if why else ""),
            )
            for id, paths in places.items()
            for path in paths[1:]
        ]

    def _unknown_techniques(self) -> list[tuple[FieldPath, str]]:
        known = self.technique_kinds()
        customer = self.customer
        used: list[tuple[FieldPath, str]] = [
            (("customer", "hot_buttons", number, "techniques", index), id)
            for number, button in enumerate(customer.hot_buttons)
            for index, id in enumerate(button.techniques)
        ]
        used += [
            (("customer", "calming_moves", number, "technique"), move.technique)
            for number, move in enumerate(customer.calming_moves)
        ]
        used += [
            (("customer", "escalation_cards", number, "trigger", "techniques", index), id)
            for number, card in enumerate(customer.escalation_cards)
            if card.trigger
            for index, id in enumerate(card.trigger.techniques)
        ]
        used += [(("customer", "voice", "replies", id), id) for id in customer.voice.replies]
        for part in ("rubric", "anti_patterns"):
            used += [
                (("coach", part, number, "technique"), entry.technique)
                for number, entry in enumerate(getattr(self.coach, part))
            ]
        return [
            (path, f"unknown technique '{id}' (not in the shared vocabulary or `techniques`)")
            for path, id in used
            if id not in known
        ]


def scenario_json_schema() -> dict[str, object]:
    return Scenario.model_json_schema(mode="validation")
