"""The shared technique vocabulary (see ../shared/DOMAIN.md): what rubrics, tags and bots speak.

Plain Python, no Django: the scenario schema, the engine's scoring and the detector all read it.
A scenario may add techniques of its own; these ids keep their meaning everywhere.
"""

from dataclasses import dataclass
from enum import StrEnum


class TechniqueKind(StrEnum):
    GOOD_MOVE = "good_move"
    ANTI_PATTERN = "anti_pattern"


@dataclass(frozen=True)
class Technique:
    id: str
    label: str
    kind: TechniqueKind
    description: str


def _good(id: str, label: str, description: str) -> Technique:
    return Technique(id, label, TechniqueKind.GOOD_MOVE, description)


def _anti(id: str, label: str, description: str) -> Technique:
    return Technique(id, label, TechniqueKind.ANTI_PATTERN, description)


SHARED_TECHNIQUES: dict[str, Technique] = {
    technique.id: technique
    for technique in (
        _good(
            "listen_repeat_back",
            "Listen and repeat back",
            "Lets the customer finish, then plays back the points that matter to them.",
        ),
        _good(
            "acknowledge", "Acknowledge", "Names the impact on the customer before anything else."
        ),
        _good("apologize", "Apologise", "Says sorry early and plainly, without qualifying it."),
        _good(
            "empathize",
            "Empathise",
            "Shows they understand how the situation feels from the customer's side.",
        ),
        _good(
            "clarify",
            "Clarify",
            "Asks open questions and checks understanding: 'What I hear is... is that right?'",
        ),
        _good("redirect", "Redirect", "Turns a rant into a solvable problem with a question."),
        _good(
            "present_resolution",
            "Present a resolution",
            "Proposes something specific: what, who, by when.",
        ),
        _good(
            "offer_alternatives",
            "Offer alternatives",
            "Gives the customer a real choice between options.",
        ),
        _good(
            "explain_obstacles",
            "Explain the obstacles",
            "Says honestly what stands in the way, without hiding behind it.",
        ),
        _good("ask_suggestions", "Ask for suggestions", "Invites the customer to shape the fix."),
        _good("checkback", "Check back", "Asks whether the proposal meets the customer's needs."),
        _good(
            "overcommunicate",
            "Over-communicate",
            "Says what happens next, when, and when they will hear again.",
        ),
        _good(
            "recuse_handoff",
            "Recuse and hand off",
            "Hands over to the right colleague, framed as the next step, with context.",
        ),
        _good(
            "own_it",
            "Own it",
            "Takes responsibility for the whole relationship, not just one department.",
        ),
        _anti(
            "defend",
            "Defend",
            "Justifies the company or themselves instead of dealing with the problem.",
        ),
        _anti(
            "correct_customer",
            "Correct the customer",
            "Points out the customer's factual errors while they are still upset.",
        ),
        _anti(
            "blame_colleague",
            "Blame a colleague",
            "Throws another person or team under the bus, in the room or in the huddle.",
        ),
        _anti(
            "recite_policy", "Recite policy", "Quotes rules at the customer in place of a solution."
        ),
        _anti("dismiss", "Dismiss", "Minimises the problem or the customer's feelings."),
        _anti(
            "match_emotion",
            "Match emotion",
            "Answers heat with heat: sarcasm, raised voice, irritation.",
        ),
        _anti(
            "over_give",
            "Over-give",
            "Concedes beyond their parameters or more than the situation needs.",
        ),
        _anti(
            "vague_promise",
            "Vague promise",
            "Promises something with no specifics and no timeframe.",
        ),
    )
}
