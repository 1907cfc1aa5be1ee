"""The scripted customer: plays the bear's seat from a scenario when no player takes it.

It opens with the scenario's statement, hears what the team says in the room (never the huddle),
and reacts the way the scenario describes: calming moves lower the mood by their `effect`, hot
buttons raise it by their `mood_change`; other good moves count half a point, other anti-patterns
one. The mood has inertia: effects accumulate as pressure and the mood moves at most MAX_STEP
points a message, and kind words alone stop short of calm until a resolution answers one of the
customer's `wants`. Hidden facts come out when a question names one of their cues; resolutions are
accepted or pushed back on according to the wants; the round ends with the customer's rating.
Pure Python and deterministic: the seed only chooses between wordings, never the mood.
docs/detector.md lists the rules and their numbers.
"""

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from games.engine.coaching import WouldStay
from games.engine.detector import Detection, compile_phrase, detect_techniques, read_sentences
from scenarios.schema import HiddenFact, Scenario
from scenarios.techniques import SHARED_TECHNIQUES, TechniqueKind

MAX_STEP = 2  # the most the mood moves on one message, however good or bad it was
PRESSURE_CAP = 3.0  # unspent pressure carried to the next messages, either way
# A good move the scenario's calming_moves do not list helps, but less than one that does.
OTHER_GOOD_MOVE_EFFECT = 0.5
OTHER_ANTI_PATTERN_EFFECT = 1.0  # an anti-pattern no hot button names
# Each repeat of the same good move counts for this share of the last: the third "sorry" is noise.
REPEAT_DAMPING = 0.5
REVEAL_RELIEF = 1.0  # being asked the question that matters
WANT_MET_RELIEF = 1.0  # a specific resolution that answers one of the customer's wants
VAGUE_RESOLUTION_PRESSURE = 1.0  # a resolution with no time in it
MIN_WANT_OVERLAP = 2  # content words a resolution must share with a want to answer it

LISTENING = frozenset({"listen_repeat_back", "acknowledge", "clarify", "empathize"})
CARING = frozenset(
    {"apologize", "own_it", "present_resolution", "overcommunicate", "recuse_handoff"}
)
VALUING = frozenset({"ask_suggestions", "offer_alternatives", "checkback", "explain_obstacles"})
NOT_LISTENING = frozenset({"dismiss", "correct_customer", "match_emotion"})
NOT_CARING = frozenset({"vague_promise", "recite_policy", "blame_colleague", "defend"})
RESOLUTIONS = frozenset({"present_resolution", "offer_alternatives"})

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that carry no content when matching a resolution against what the customer wants.
_STOPWORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """
        a about actually after again all also am an and any are as at be been before being by
        can could did do does done down each even every exactly for from get gets getting had
        has have he her here him his how i if in into is it its just know let make me more most
        my need needs no not now of on once one only or our out over own plainly really right
        same say she should so some someone something than that the their them then there these
        they thing things this those to told up us very want wants was way we were what when
        where which who will with would you your
        """,
    )
)

_CALMED_BY = {
    "listen_repeat_back": "You played back what I'd told you, so I knew you'd heard it.",
    "acknowledge": "You said plainly what this has done to us.",
    "apologize": "You said sorry and meant it.",
    "empathize": "You understood how this felt from my side.",
    "clarify": "You asked the right questions before deciding anything.",
    "redirect": "You got us onto fixing it instead of going round in circles.",
    "present_resolution": "You put something concrete on the table: what, who and when.",
    "offer_alternatives": "You gave me a real choice.",
    "explain_obstacles": "You were straight about what's in the way.",
    "ask_suggestions": "You asked what would work for me.",
    "checkback": "You checked that it actually works for me.",
    "overcommunicate": "You told me exactly when I'd hear from you next.",
    "recuse_handoff": "You brought in the right person instead of guessing.",
    "own_it": "Somebody finally took responsibility.",
}
_ANGERED_BY = {
    "defend": "You spent your time defending yourselves.",
    "correct_customer": "You corrected me as if this were my fault.",
    "blame_colleague": "You blamed each other instead of fixing it.",
    "recite_policy": "You read me your policy.",
    "dismiss": "You brushed it off as if it were nothing.",
    "match_emotion": "You got short with me.",
    "over_give": "You threw money at it instead of listening.",
    "vague_promise": "You promised things with no date and no name.",
}
_PUSHBACK = {
    "defend": ["I don't want excuses. I want this sorted.", "Save the explanations."],
    "correct_customer": [
        "Don't tell me what I did or didn't do.",
        "Are you really correcting me right now?",
    ],
    "blame_colleague": [
        "I don't care which department it was. You're all the same company to me.",
        "Sort out whose fault it is on your own time.",
    ],
    "recite_policy": ["Don't read me the rules.", "I didn't call to hear your policy."],
    "dismiss": ["Don't you dare tell me this is small.", "It's not nothing. Not to me."],
    "match_emotion": ["Don't take that tone with me.", "Excuse me?"],
    "over_give": [
        "I'm not asking for handouts. I'm asking you to fix it.",
        "Money isn't the point.",
    ],
    "vague_promise": [
        "Soon? When, exactly? Give me a time and a name.",
        "I've heard 'we're on it' before.",
    ],
}
_STILL_WAITING = ["I'm still waiting for an answer.", "And?", "That doesn't tell me anything."]
_GRUDGING = ["Fine. Go on.", "Words are cheap. Keep going.", "I'm listening. For now."]
_WARMER = ["All right. That's a start.", "Okay. Go on.", "Right. What else?"]
_CALM = ["Thank you. That helps.", "Okay, I appreciate that.", "That's what I needed to hear."]
_REVEAL = ["Since you ask.", "All right, you might as well know.", "Fine. There's something else."]
_ACCEPT = [
    "That's more like it. If that happens the way you say, it helps.",
    "Okay. That I can work with.",
]
_NO_TIME = ["When, exactly? I need a time.", "By when? Give me a time I can plan around."]
_MISSES = [
    "That's not really what I asked for.",
    "That doesn't get to the point.",
]


@dataclass(frozen=True)
class Reply:
    text: str
    mood: int
    revealed: tuple[str, ...]


@dataclass(frozen=True)
class _Heard:
    """One room message as the customer took it."""

    good: frozenset[str]
    bad: frozenset[str]
    asked: tuple[str, ...]  # the message's questions
    has_time: bool


def content_words(text: str) -> set[str]:
    """The words that carry meaning, lightly stemmed, for matching a resolution to a want."""
    words = (word.removesuffix("'s") for word in _WORD.findall(text.lower()))
    return {_stem(word) for word in words if word not in _STOPWORDS and len(word) > 2}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class ScriptedCustomer:
    """One customer for one round. Hear the room's messages in order, then ask for the rating."""

    def __init__(self, scenario: Scenario, *, seed: int = 0) -> None:
        customer = scenario.customer
        self._scenario = scenario
        # Wordings only, not secrets: a seeded generator keeps a round replayable.
        self._random = random.Random(seed)  # noqa: S311
        self._mood = customer.starting_mood
        self._pressure = 0.0
        self._calming = {move.technique: float(move.effect) for move in customer.calming_moves}
        self._fact_cues = [
            (fact, [compile_phrase(cue) for cue in fact.cues]) for fact in customer.hidden_facts
        ]
        self._want_words = [content_words(want) for want in customer.wants]
        self._uses: Counter[str] = Counter()
        # Total mood effect per technique (negative calms), for the rating's calmer / angrier.
        self._effects: defaultdict[str, float] = defaultdict(float)
        self._revealed: list[HiddenFact] = []
        self._wants_met: set[int] = set()
        self._cards_played = 0

    @property
    def mood(self) -> int:
        return self._mood

    def opening(self) -> str:
        return self._scenario.customer.opening_statement

    def hear(self, text: str, *, channel: str = "room") -> Reply | None:
        """React to one message; None for the huddle (the customer cannot read it) or silence."""
        if channel != "room" or not text.strip():
            return None
        heard = self._take_in(text, detect_techniques(text, scenario=self._scenario))
        pressure = self._technique_pressure(heard)
        revealed = self._reveal(heard)
        pressure -= REVEAL_RELIEF if revealed else 0.0
        resolution_pressure, resolution_line = self._weigh_resolution(text, heard)
        move = self._move(pressure + resolution_pressure)
        lines = [
            *self._reaction(heard),
            *(f"{self._pick(_REVEAL)} [{fact.fact}]" for fact in revealed),
            *([resolution_line] if resolution_line else []),
        ]
        if not lines:
            lines.append(self._small_talk(heard))
        lines.extend(self._escalation(move))
        return Reply(" ".join(lines), self._mood, tuple(fact.fact for fact in revealed))

    def rating(self) -> dict[str, object]:
        """How the customer rates the round: the listened / cared / valued triple (1-5), the
        final mood, whether they would stay, and what made them calmer and angrier."""
        heard = {technique for technique, count in self._uses.items() if count}
        start, calm = self._scenario.customer.starting_mood, self._scenario.outcome.calm_threshold
        progress = (start - self._mood) / max(start - calm, 1)
        return {
            "listened": _one_to_five(
                1 + len(heard & LISTENING) + bool(self._revealed) - 2 * bool(heard & NOT_LISTENING)
            ),
            "cared": _one_to_five(
                1 + len(heard & CARING) + len(self._wants_met) - 2 * bool(heard & NOT_CARING)
            ),
            "valued": _one_to_five(
                1
                + math.floor(3 * max(progress, 0))
                + bool(heard & VALUING)
                - bool(heard & {"over_give", "dismiss"})
            ),
            "final_mood": self._mood,
            "would_stay": str(self._would_stay()),
            "calmer": self._strongest(_CALMED_BY, lambda effect: effect < 0),
            "angrier": self._strongest(_ANGERED_BY, lambda effect: effect > 0),
        }

    # ------------------------------------------------------------------------ hearing

    def _take_in(self, text: str, detections: list[Detection]) -> _Heard:
        sentences = read_sentences(text)
        return _Heard(
            good=frozenset(d.technique for d in detections if d.kind == TechniqueKind.GOOD_MOVE),
            bad=frozenset(d.technique for d in detections if d.kind == TechniqueKind.ANTI_PATTERN),
            asked=tuple(sentence.text for sentence in sentences if sentence.question),
            has_time=any(sentence.time for sentence in sentences),
        )

    def _technique_pressure(self, heard: _Heard) -> float:
        """Positive pushes the mood up. Good moves wear off with repetition; anti-patterns don't."""
        pressure = 0.0
        for technique in sorted(heard.good):
            effect = self._calming.get(technique, OTHER_GOOD_MOVE_EFFECT)
            effect *= REPEAT_DAMPING ** self._uses[technique]
            self._effects[technique] -= effect
            pressure -= effect
        covered: set[str] = set()
        for button in self._scenario.customer.hot_buttons:
            pressed = heard.bad & set(button.techniques)
            if pressed:
                pressure += button.mood_change
                self._effects[sorted(pressed)[0]] += button.mood_change
                covered |= pressed
        for technique in sorted(heard.bad - covered):
            pressure += OTHER_ANTI_PATTERN_EFFECT
            self._effects[technique] += OTHER_ANTI_PATTERN_EFFECT
        self._uses.update(heard.good | heard.bad)
        return pressure

    def _reveal(self, heard: _Heard) -> list[HiddenFact]:
        """Facts whose cues appear in one of the questions. A question with an edge of blame or
        correction (any anti-pattern in the message) gets nothing."""
        if heard.bad or not heard.asked:
            return []
        found = [
            fact
            for fact, cues in self._fact_cues
            if fact not in self._revealed
            and any(cue.search(question) for cue in cues for question in heard.asked)
        ]
        self._revealed.extend(found)
        return found

    def _weigh_resolution(self, text: str, heard: _Heard) -> tuple[float, str | None]:
        """Accept a specific resolution that answers a want; push back on one with no time, or
        one that misses everything the customer wants."""
        if not heard.good & RESOLUTIONS:
            return 0.0, None
        if not heard.has_time and "offer_alternatives" not in heard.good:
            return VAGUE_RESOLUTION_PRESSURE, self._pick(_NO_TIME)
        offered = content_words(text)
        answered = {
            index
            for index, want in enumerate(self._want_words)
            if len(offered & want) >= min(MIN_WANT_OVERLAP, len(want))
        }
        new = answered - self._wants_met
        self._wants_met |= answered
        if new:
            return -WANT_MET_RELIEF, self._pick(_ACCEPT)
        if answered:
            return 0.0, self._pick(_WARMER)
        unmet = [
            want
            for index, want in enumerate(self._scenario.customer.wants)
            if index not in self._wants_met
        ]
        return 0.0, self._pick(_MISSES) + (f" [Still wanted: {unmet[0]}]" if unmet else "")

    def _move(self, pressure: float) -> int:
        """Add to the pressure and let the mood follow by at most MAX_STEP; the rest waits.

        Respect first, then remediation: until a resolution has answered one of the customer's
        wants, kind words alone bring the mood no lower than one above the calm threshold.
        """
        self._pressure = max(-PRESSURE_CAP, min(PRESSURE_CAP, self._pressure + pressure))
        step = max(-MAX_STEP, min(MAX_STEP, math.trunc(self._pressure)))
        floor = 0 if self._wants_met else self._scenario.outcome.calm_threshold + 1
        mood = max(min(floor, self._mood), min(10, self._mood + step))
        moved = mood - self._mood
        self._pressure -= moved
        self._mood = mood
        return moved

    # ------------------------------------------------------------------------ answering

    def _reaction(self, heard: _Heard) -> list[str]:
        if not heard.bad:
            return []
        worst = max(
            sorted(heard.bad & _PUSHBACK.keys()), key=self._effects.__getitem__, default=None
        )
        return [self._pick(_PUSHBACK[worst])] if worst else [self._pick(_STILL_WAITING)]

    def _small_talk(self, heard: _Heard) -> str:
        if not heard.good:
            return self._pick(_STILL_WAITING)
        if self._mood <= self._scenario.outcome.calm_threshold:
            return self._pick(_CALM)
        return self._pick(_GRUDGING if self._mood >= 8 else _WARMER)

    def _escalation(self, moved: int) -> list[str]:
        """Play the next escalation card when the mood has just risen to the top of the scale."""
        cards = self._scenario.customer.escalation_cards
        top = min(10, max(self._scenario.customer.starting_mood + 1, 9))
        if moved <= 0 or self._mood < top or self._cards_played >= len(cards):
            return []
        self._cards_played += 1
        return [cards[self._cards_played - 1].text]

    def _pick(self, choices: list[str]) -> str:
        return self._random.choice(choices)

    # ------------------------------------------------------------------------ rating

    def _would_stay(self) -> WouldStay:
        start = self._scenario.customer.starting_mood
        if self._mood <= self._scenario.outcome.calm_threshold and self._wants_met:
            return WouldStay.YES
        if self._mood >= start or self._mood >= 9:
            return WouldStay.NO
        return WouldStay.MAYBE

    def _strongest(self, phrases: dict[str, str], counts: Callable[[float], bool]) -> str:
        """The customer's words for the (up to) two techniques that moved them most that way."""
        moved = sorted(
            (technique for technique, effect in self._effects.items() if counts(effect)),
            key=lambda technique: (-abs(self._effects[technique]), technique),
        )
        return " ".join(self._phrase(phrases, technique) for technique in moved[:2])

    def _phrase(self, phrases: dict[str, str], technique: str) -> str:
        if technique in phrases:
            return phrases[technique]
        custom = {item.id: item.label for item in self._scenario.techniques}
        label = custom.get(technique) or SHARED_TECHNIQUES[technique].label
        return f"{label}."


def _one_to_five(score: float) -> int:
    return max(1, min(5, round(score)))
