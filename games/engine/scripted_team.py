"""What a scripted responder team says: a defensive team, a good one, a mixed one, and a team
that learns.

The bots play whole games with these lines, and the scripted customer's tests use them to show it
calms against a good team, escalates against a defensive one and stalls against a mixed one. The
good lines are built from the scenario (questions that name its hidden facts, a timed resolution
that answers one of the customer's wants), so they fit every scenario in the library.
"""

from games.engine.detector import detect_techniques
from scenarios.schema import Scenario
from scenarios.techniques import TechniqueKind

DEFENSIVE_LINES = (
    "We followed the correct procedure at every step.",
    "With respect, that's not what happened. You were told about this in our email.",
    "Our policy is that refunds are only issued after an investigation.",
    "Honestly, the warehouse messed up, not us.",
    "We'll sort it as soon as possible.",
    "It was due to circumstances beyond our control.",
    "As per our terms and conditions, we can't accept liability for that.",
    "Someone will be in touch shortly.",
    "That's logistics' fault, to be honest.",
    "You should have read the terms before you signed.",
)
KIND_WORDS = (
    "You're right to be angry, and I can see this has put you in a really difficult position.",
    "I'm so sorry. That's on us, and we should have called you.",
    "What I'm hearing is that you were let down and nobody kept you informed.",
    "That must have been awful to deal with.",
    "I'm taking personal responsibility for this until it's done.",
)
CHECKBACK = "Does that work for you?"
ASK_WHAT_WOULD_HELP = "What would help you most right now?"
FOLLOW_UP = "I'll call you at 17:00 today with an update, and again at 09:00 tomorrow."
# Round one's team slips into this many defensive lines; each later round makes two fewer.
FIRST_ROUND_SLIPS = 3


class NoPlainResolution(ValueError):
    """None of the scenario's wants reads as a plain offer when put in a resolution."""


def fact_question(cue: str) -> str:
    return f"Could you tell me a bit more about this: {cue}?"


def resolution(scenario: Scenario) -> str:
    """A specific, timed resolution built on the first of the customer's wants that reads as a
    plain offer (a want quoted word for word can itself sound like an anti-pattern)."""
    for want in scenario.customer.wants:
        text = (
            "Here's what I'll do: I've arranged it so that by 14:00 tomorrow you have this: "
            f"{want[0].lower()}{want[1:]}"
        )
        if all(found.kind == TechniqueKind.GOOD_MOVE for found in detect_techniques(text)):
            return text
    raise NoPlainResolution(f"{scenario.id}: no want makes a plain resolution")


def fact_questions(scenario: Scenario) -> list[str]:
    """One question for each hidden fact the scripted customer can be asked about."""
    return [fact_question(fact.cues[0]) for fact in scenario.customer.hidden_facts if fact.cues]


def good_team_lines(scenario: Scenario) -> list[str]:
    """A team that acknowledges, apologises, asks the questions that matter, resolves with a time
    and checks back: what DOMAIN.md's method asks for, in its order."""
    return [
        KIND_WORDS[0],
        KIND_WORDS[1],
        *fact_questions(scenario),
        resolution(scenario),
        CHECKBACK,
        FOLLOW_UP,
        KIND_WORDS[2],
        KIND_WORDS[3],
        KIND_WORDS[4],
        "Will that meet your needs?",
    ]


def mixed_team_lines(scenario: Scenario) -> list[str]:
    """A team that means well and slips: kind words and a good question, but an excuse and a
    promise with no time in between, and no fix that answers what the customer wants."""
    return [
        KIND_WORDS[1],
        *fact_questions(scenario)[:1],
        DEFENSIVE_LINES[0],
        KIND_WORDS[2],
        KIND_WORDS[3],
        DEFENSIVE_LINES[4],
        KIND_WORDS[0],
        ASK_WHAT_WOULD_HELP,
    ]


def learning_team_lines(scenario: Scenario, round_number: int) -> list[str]:
    """Groundhog Day: the team opens defensively in round one and slips less each round."""
    slips = max(FIRST_ROUND_SLIPS - 2 * (round_number - 1), 0)
    return [*DEFENSIVE_LINES[:slips], *good_team_lines(scenario)]
