"""The scripted customer: plays the bear's seat from a scenario when no player takes it.

It opens with the scenario's statement, hears what the team says in the room (never the huddle),
and reacts the way the scenario describes. Everything it hears becomes a *signal*: a mood effect
with the rating question it bears on (did they listen, did they care, did they value me). Calming
moves and hot buttons carry the scenario's numbers, other moves half a point or one; a question
that names a hidden fact gets that fact; a fix that answers a want calms, one with no time or no
name is pushed back on, and going back on a promise (or on the change the team agreed last round)
is called out. The mood follows the signals with inertia, and the same signals give the end
ratings, "would stay" and a reason for each rating. Replies come from the scenario's `voice`
(generic lines where it has none), chosen by the seed; the mood never depends on the seed.
Pure Python and deterministic. docs/detector.md lists the rules and their numbers.
"""

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TypedDict

from games.engine.coaching import WouldStay
from games.engine.detector import (
    CONTEXT_LINES,
    ContextLine,
    Detection,
    compile_phrase,
    default_cue_book,
    detect_techniques,
    normalise,
    read_sentences,
)
from scenarios.schema import EscalationCard, HiddenFact, Scenario, Voice
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
NO_TIME_PRESSURE = 1.0  # a promise or a fix with no time in it
NO_OWNER_PRESSURE = 0.5  # "someone will call you"
MISSED_WANT_PRESSURE = 0.5  # a fix that answers nothing the customer wants
ASKED_AGAIN_PRESSURE = 0.5  # asked again for something already told
BROKEN_PROMISE_PRESSURE = 2.0  # a time given, then taken back
BROKEN_AGREEMENT_PRESSURE = 1.0  # what the team agreed last round not to do, done again
MIN_WANT_OVERLAP = 2  # content words a resolution must share with a want to answer it
MAX_LINES = 3  # a reply says at most this many things besides the facts it reveals


class ScriptedDifficulty(StrEnum):
    """How hard the scripted customer is to calm (the facilitator chooses when seating it)."""

    PATIENT = "patient"
    TYPICAL = "typical"
    FURIOUS = "furious"


@dataclass(frozen=True)
class Temper:
    calming: float  # what calms counts this many times
    angering: float  # what angers counts this many times


TEMPERS = {
    ScriptedDifficulty.PATIENT: Temper(calming=1.5, angering=0.6),
    ScriptedDifficulty.TYPICAL: Temper(calming=1.0, angering=1.0),
    ScriptedDifficulty.FURIOUS: Temper(calming=0.6, angering=1.5),
}


class Question(StrEnum):
    """The three questions the customer rates the round on."""

    LISTENED = "listened"
    CARED = "cared"
    VALUED = "valued"


_QUESTION_OF = {
    **dict.fromkeys(
        ("listen_repeat_back", "acknowledge", "clarify", "empathize", "dismiss"),
        Question.LISTENED,
    ),
    **dict.fromkeys(("correct_customer", "match_emotion", "fact_asked"), Question.LISTENED),
    **dict.fromkeys(("asked_again",), Question.LISTENED),
    **dict.fromkeys(
        ("apologize", "own_it", "overcommunicate", "recuse_handoff", "defend"), Question.CARED
    ),
    **dict.fromkeys(("blame_colleague", "recite_policy", "vague_promise"), Question.CARED),
    **dict.fromkeys(("no_time", "no_owner", "broken_promise", "broken_agreement"), Question.CARED),
    **dict.fromkeys(
        ("present_resolution", "offer_alternatives", "ask_suggestions", "checkback"),
        Question.VALUED,
    ),
    **dict.fromkeys(
        ("explain_obstacles", "redirect", "over_give", "want_met", "missed_want"), Question.VALUED
    ),
}

# What the customer says moved them, for the rating's reasons and its calmer / angrier answers.
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
    "fact_asked": "You asked about the thing that actually matters to me.",
    "want_met": "What you offered fixes my actual problem.",
}
_ANGERED_BY = {
    "defend": "You spent your time defending yourselves.",
    "correct_customer": "You corrected me as if this were my fault.",
    "blame_colleague": "You pinned it on someone else instead of fixing it.",
    "recite_policy": "You read me your policy.",
    "dismiss": "You brushed it off as if it were nothing.",
    "match_emotion": "You got short with me.",
    "over_give": "You threw money at it instead of listening.",
    "vague_promise": "You promised things with no date and no name.",
    "no_time": "You offered things without saying when.",
    "no_owner": "Nobody would put their name to a promise.",
    "missed_want": "What you offered missed what I actually need.",
    "asked_again": "You asked me things I'd already told you.",
    "broken_promise": "You went back on what you'd told me.",
    "broken_agreement": "You did the very thing you said you'd stop doing.",
}
# A rating question nothing bore on, in the customer's words.
_NOTHING_ON = {
    Question.LISTENED: "Nobody played back what I said or asked me anything.",
    Question.CARED: "Nobody said sorry or took it on.",
    Question.VALUED: "Nobody asked what would work for me or offered a real fix.",
}

# Generic lines, used where the scenario's voice has none of its own.
GENERIC_VOICE = Voice(
    furious=[
        "I'm still waiting for a straight answer.",
        "Every minute of this makes it worse. What are you actually going to do?",
        "I don't want another holding line. I want to know what happens now.",
    ],
    angry=[
        "Go on. I'm listening, but I haven't heard anything yet.",
        "That doesn't tell me anything I can use.",
        "And what does that mean for me, today?",
    ],
    warming=[
        "All right. That's a start.",
        "Okay. Keep going.",
        "Right. What happens next?",
    ],
    calm=[
        "Thank you. That helps.",
        "Okay, I appreciate that.",
        "That's what I needed to hear.",
    ],
    replies={
        "listen_repeat_back": ["Yes. That's exactly it.", "Right. So you did hear me."],
        "acknowledge": ["Thank you for saying it plainly.", "Yes. That's the point."],
        "apologize": ["Thank you. I needed someone to say that.", "All right. Sorry is a start."],
        "empathize": ["Yes, it has been awful.", "Thank you. You have no idea."],
        "clarify": [
            "That's for you to find out, not me. What I need is to hear what you'll do.",
            "Ask your own people that. I can only tell you what happened to me.",
        ],
        "redirect": ["Fine. Let's talk about fixing it.", "All right. Where do we start?"],
        "explain_obstacles": [
            "At least that's honest.",
            "Thank you for telling me what's really in the way.",
        ],
        "ask_suggestions": ["Since you ask.", "I'll tell you what would help."],
        "checkback": ["It might. Convince me it'll actually happen.", "Possibly. Go on."],
        "overcommunicate": ["Good. I'll hold you to those times.", "Fine. I'll expect that call."],
        "recuse_handoff": ["Good. Let me hear from them.", "Fine, as long as they can decide."],
        "own_it": ["Thank you. Nobody has said that before.", "Good. At least someone owns it."],
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
            "I've heard 'we're on it' before.",
            "That's not a promise, that's a hope.",
        ],
    },
    asks_for_time=[
        "When, exactly? I need a time.",
        "By when? Give me a time I can plan around.",
    ],
    asks_for_owner=[
        "Who, exactly? Give me a name.",
        "Someone? I want a name and a number.",
    ],
    accepts=[
        "That's more like it. If that happens the way you say, it helps.",
        "Okay. That I can work with.",
    ],
    misses_the_point=[
        "That's not really what I asked for. {want}",
        "That doesn't get to the point. {want}",
    ],
    broken_promise=[
        'Hold on. Earlier it was: "{earlier}" Which is it?',
        'That\'s not what you said before: "{earlier}"',
    ],
    already_told=[
        "I've already told you that.",
        "I told you a minute ago. Were you listening?",
    ],
)
_REVEAL_LEADS = [
    "Since you ask.",
    "All right, you might as well know.",
    "Fine. There's something else.",
]

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
_REPEATED = [
    "You've said that already. What are you going to do?",
    "I heard you the first time. What happens now?",
    "Yes. And what's the plan?",
]
# A promise with nobody named to keep it ("someone will call you", "the team will be in touch").
_NOBODY_NAMED = re.compile(
    r"\b(?:someone|somebody|a colleague|one of (?:us|the team|my colleagues)|the team|they)"
    r"(?: (?:from|in|at) (?:the |our )?[a-z]+(?: team)?)?(?:'ll| will| is going to| shall)\b",
    re.IGNORECASE,
)
_SOMEONE_NAMED = re.compile(
    r"\b(?:I|I'll|I'm|I've|I'd|me|my|myself)\b"
    r"|\b(?!(?:Someone|Somebody|They|We|It|That|This|There|The|Our|You|Nobody|Everyone)\b)"
    r"[A-Z][a-z]+ (?:will|is going to)\b"
)
# A question about what the customer needs: the answer is a want still open.
_ASKS_WHAT_THEY_NEED = re.compile(
    r"\bwhat (?:would|could|will|do you|does|can)\b.*\b(?:help|need|want|fix|work for you|look like"
    r"|fair|matters?)\b",
    re.IGNORECASE,
)
_BROKEN_AGREEMENT = [
    'Here we go again. Weren\'t things going to change? "{earlier}"',
    'You said "{earlier}" And here we are again.',
]
# Words in an agreed change that say which anti-pattern the team agreed to stop.
_AGREED_TO_STOP = {
    "blame_colleague": r"blam|finger|throw\w* \w+ under",
    "recite_policy": r"polic|terms|contract|\bsla\b|rules?\b|small print",
    "defend": r"excuse|defen[cds]|justif|explain\w* (?:the )?(?:procedure|process|why)",
    "vague_promise": r"vague|\bsoon\b|asap|a time\b|exact time|deadline|without (?:a )?(?:time|d)",
    "correct_customer": r"correct\w* (?:her|him|them|the customer)|argu|interrupt",
    "dismiss": r"minimi|dismiss|play\w* (?:it )?down|calm down",
    "match_emotion": r"\btone\b|snap|sarcas|temper|raise\w* (?:our|my) voice",
    "over_give": r"over-?giv|throw\w* money|give away|credits? up front",
}


class CustomerRating(TypedDict):
    """The customer's end-of-round rating, as `games.services.coaching.round_rate` takes it."""

    listened: int
    cared: int
    valued: int
    final_mood: int
    would_stay: str
    calmer: str
    angrier: str
    reasons: dict[str, str]  # one line for each of listened, cared, valued


@dataclass(frozen=True)
class Reply:
    text: str
    mood: int
    revealed: tuple[str, ...]  # the hidden facts told, as the scenario writes them
    cards: tuple[str, ...] = ()  # escalation cards played with this reply, by id


@dataclass(frozen=True)
class Signal:
    """One thing the customer took from a message: what (a technique, or one of the causes in
    _CALMED_BY / _ANGERED_BY), how much it moved them (negative calms) and which rating question
    it bears on."""

    cause: str
    effect: float
    question: Question


@dataclass(frozen=True)
class TypingPace:
    """How long a person takes to answer: read what was said, think, type the reply. The game
    clock waits this long after the team's last message before the reply appears."""

    reading_characters_per_second: float = 30.0
    thinking: timedelta = timedelta(seconds=1.5)
    typing_characters_per_second: float = 9.0  # a brisk typist on a keyboard, about 100 wpm
    longest: timedelta = timedelta(seconds=25)

    def reading(self, heard: Sequence[str]) -> timedelta:
        seconds = sum(len(text) for text in heard) / self.reading_characters_per_second
        return min(self.thinking + timedelta(seconds=seconds), self.longest)

    def delay(self, heard: Sequence[str], reply: str) -> timedelta:
        typing = timedelta(seconds=len(reply) / self.typing_characters_per_second)
        return min(self.reading(heard) + typing, self.longest)


@dataclass
class _Heard:
    """One room message as the customer took it."""

    text: str
    good: frozenset[str]
    bad: frozenset[str]
    asked: tuple[str, ...]  # the message's questions
    has_time: bool
    promises: tuple[str, ...]  # sentences that commit to something


@dataclass
class _Promise:
    sentence: str
    time: str | None
    words: set[str]


@dataclass
class _Answer:
    """What the customer will say to one message, by kind, in the order it says them."""

    callout: list[str] = field(default_factory=list)
    pushback: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    revealed: list[HiddenFact] = field(default_factory=list)
    about_the_fix: list[str] = field(default_factory=list)
    in_kind: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        others = [*self.callout, *self.pushback[: 0 if self.callout else 1], *self.about_the_fix]
        others += self.in_kind
        return [*others[:1], *self.facts, *others[1:MAX_LINES]]


Detect = Callable[[str, Sequence[ContextLine]], list[Detection]]


_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_VALUES = {
    **{word: n for n, word in enumerate(_UNITS, 1)},
    **{word: n for n, word in enumerate(_TEENS, 10)},
    **{word: 10 * n for n, word in enumerate(_TENS, 2)},
}
_NUMBER_WORDS = re.compile(
    rf"\b(?:({'|'.join(_TENS)})[- ]({'|'.join(_UNITS)})|({'|'.join(_NUMBER_VALUES)}))\b"
)


def _as_digits(match: re.Match[str]) -> str:
    tens, unit, alone = match.groups()
    if alone:
        return str(_NUMBER_VALUES[alone])
    return str(_NUMBER_VALUES[tens] + _NUMBER_VALUES[unit])


def content_words(text: str) -> set[str]:
    """The words that carry meaning, lightly stemmed, for matching a resolution to a want;
    numbers as digits ("all 38 pallets" answers "where all thirty-eight pallets are")."""
    spelled = _NUMBER_WORDS.sub(_as_digits, normalise(text).lower())
    words = (word.removesuffix("'s") for word in _WORD.findall(spelled))
    return {
        _stem(word)
        for word in words
        if word not in _STOPWORDS and (len(word) > 2 or word.isdigit()) and "'" not in word
    }


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# Words that say when, not what: two promises sharing only these are not about the same thing.
_TIME_WORDS = frozenset(
    _stem(word)
    for word in re.findall(
        r"[a-z]+",
        """
        today tomorrow tonight morning afternoon evening night noon midnight latest end week
        weekend day days hour hours minute minutes monday tuesday wednesday thursday friday
        saturday sunday call update again back first next time
        """,
    )
)


def agreed_to_stop(change: str) -> set[str]:
    """The anti-patterns an agreed change ("No more blaming the warehouse; give her a time")
    commits the team to stop."""
    lowered = normalise(change).lower()
    return {technique for technique, words in _AGREED_TO_STOP.items() if re.search(words, lowered)}


class ScriptedCustomer:
    """One customer for one round. Hear the room's messages in order, then ask for the rating.

    `agreed` are the changes the team agreed in earlier rounds (their text): doing again what
    one of them says to stop is called out. `detect` replaces the detector (a cache, in a game).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 0,
        difficulty: ScriptedDifficulty = ScriptedDifficulty.TYPICAL,
        agreed: Sequence[str] = (),
        detect: Detect | None = None,
    ) -> None:
        customer = scenario.customer
        self._scenario = scenario
        # Wordings only, not secrets: a seeded generator keeps a round replayable.
        self._random = random.Random(seed)  # noqa: S311
        self._temper = TEMPERS[ScriptedDifficulty(difficulty)]
        self._detect: Detect = detect or (
            lambda text, context: detect_techniques(text, scenario=scenario, context=context)
        )
        self._mood = customer.starting_mood
        self._pressure = 0.0
        self._calming = {move.technique: float(move.effect) for move in customer.calming_moves}
        self._fact_cues = [
            (fact, [compile_phrase(cue) for cue in fact.cues]) for fact in customer.hidden_facts
        ]
        self._want_words = [content_words(want) for want in customer.wants]
        self._agreed = {
            technique: change for change in agreed for technique in agreed_to_stop(change)
        }
        self._conversation: list[ContextLine] = [
            ContextLine("customer", customer.opening_statement)
        ]
        self._uses: Counter[str] = Counter()
        self._signals: list[Signal] = []
        self._revealed: list[HiddenFact] = []
        self._wants_met: set[int] = set()
        self._promises: list[_Promise] = []
        self._called_out: set[str] = set()
        self._cards_played: list[EscalationCard] = []
        self._bad_heard: list[frozenset[str]] = []  # each message's anti-patterns
        self._said: set[str] = set()

    @property
    def mood(self) -> int:
        return self._mood

    @property
    def signals(self) -> tuple[Signal, ...]:
        return tuple(self._signals)

    def opening(self) -> str:
        return self._scenario.customer.opening_statement

    def hear(self, text: str, *, channel: str = "room") -> Reply | None:
        """React to one message; None for the huddle (the customer cannot read it) or silence."""
        if channel != "room" or not text.strip():
            return None
        return self._hear(text, turn_start=self._mood)

    def _hear(self, text: str, *, turn_start: int) -> Reply:
        """Hear one room message of a turn that began at mood `turn_start`."""
        heard = self._take_in(text)
        answer = _Answer()
        signals = self._technique_signals(heard, answer)
        signals += self._answer_questions(heard, answer)
        signals += self._weigh_promises(heard, answer)
        signals += self._weigh_resolution(text, heard, answer)
        self._signals += signals
        moved = self._move(sum(signal.effect for signal in signals), turn_start)
        card = self._card_to_play(heard, moved)
        lines = answer.lines() or [self._mood_line()]
        reply = Reply(
            " ".join(lines),
            self._mood,
            tuple(fact.fact for fact in answer.revealed),
            (card.id,) if card else (),
        )
        self._conversation += [ContextLine("responder", text), ContextLine("customer", reply.text)]
        return reply

    def respond(self, texts: Sequence[str]) -> Reply | None:
        """One reply to several messages sent in quick succession: each is heard in order, and
        the answer keeps every fact told and the most recent of everything else. The team sees
        one reply, so the mood moves at most MAX_STEP over all of them; the rest waits."""
        turn_start = self._mood
        replies = [self._hear(text, turn_start=turn_start) for text in texts if text.strip()]
        if not replies:
            return None
        last = replies[-1]
        if len(replies) == 1:
            return last
        revealed = tuple(fact for reply in replies for fact in reply.revealed)
        earlier = [reply.text for reply in replies[:-1] if reply.revealed]
        text = " ".join(dict.fromkeys([*earlier, last.text]))
        cards = tuple(card for reply in replies for card in reply.cards)
        return Reply(text, last.mood, revealed, cards)

    def rating(self) -> CustomerRating:
        """How the customer rates the round: listened / cared / valued (1-5) with a reason for
        each, the final mood, whether they would stay, and what made them calmer and angrier.
        All of it comes from the signals that moved the mood."""
        return {
            "listened": self._score(Question.LISTENED),
            "cared": self._score(Question.CARED),
            "valued": self._score(Question.VALUED),
            "final_mood": self._mood,
            "would_stay": str(self._would_stay()),
            "calmer": self._strongest(lambda effect: effect < 0),
            "angrier": self._strongest(lambda effect: effect > 0),
            "reasons": {str(question): self._reason(question) for question in Question},
        }

    # ------------------------------------------------------------------------ hearing

    def _take_in(self, text: str) -> _Heard:
        detections = self._detect(text, tuple(self._conversation[-CONTEXT_LINES:]))
        sentences = read_sentences(text)
        kinds = {d.technique: d.kind for d in detections}
        promising = [
            d for d in detections if d.technique in _PROMISES or d.technique == "vague_promise"
        ]
        promises = tuple(
            sentence.text
            for sentence in sentences
            if any(sentence.start <= d.start < sentence.end for d in promising)
        )
        return _Heard(
            text=text,
            good=frozenset(t for t, kind in kinds.items() if kind == TechniqueKind.GOOD_MOVE),
            bad=frozenset(t for t, kind in kinds.items() if kind == TechniqueKind.ANTI_PATTERN),
            asked=tuple(sentence.text for sentence in sentences if sentence.question),
            has_time=any(sentence.time for sentence in sentences),
            promises=promises,
        )

    def _signal(self, cause: str, effect: float) -> Signal:
        """A signal scaled by the customer's temper (calming and angering differ)."""
        scale = self._temper.calming if effect < 0 else self._temper.angering
        question = _QUESTION_OF.get(cause) or self._question_of_custom(cause)
        return Signal(cause, effect * scale, question)

    def _question_of_custom(self, technique: str) -> Question:
        kinds = self._scenario.technique_kinds()
        return (
            Question.VALUED if kinds.get(technique) == TechniqueKind.GOOD_MOVE else Question.CARED
        )

    def _technique_signals(self, heard: _Heard, answer: _Answer) -> list[Signal]:
        """Good moves wear off with repetition; anti-patterns don't. An anti-pattern the team
        agreed last round to stop is called out."""
        signals = []
        for technique in sorted(heard.good):
            effect = self._calming.get(technique, OTHER_GOOD_MOVE_EFFECT)
            signals.append(
                self._signal(technique, -effect * REPEAT_DAMPING ** self._uses[technique])
            )
        covered: set[str] = set()
        for button in self._scenario.customer.hot_buttons:
            pressed = heard.bad & set(button.techniques)
            if pressed:
                signals.append(self._signal(sorted(pressed)[0], button.mood_change))
                covered |= pressed
        signals += [
            self._signal(technique, OTHER_ANTI_PATTERN_EFFECT)
            for technique in sorted(heard.bad - covered)
        ]
        for technique in sorted(heard.bad & self._agreed.keys() - self._called_out):
            self._called_out.add(technique)
            signals.append(self._signal("broken_agreement", BROKEN_AGREEMENT_PRESSURE))
            line = self._pick(_BROKEN_AGREEMENT).format_map({"earlier": self._agreed[technique]})
            answer.callout.append(line)
        worst = max(
            (s for s in signals if s.effect > 0 and s.cause in heard.bad),
            key=lambda s: s.effect,
            default=None,
        )
        if worst is not None:
            answer.pushback.append(self._reply_to(worst.cause))
        best = min((s for s in signals if s.effect < 0), key=lambda s: s.effect, default=None)
        if best is not None and not heard.bad:
            repeated = self._uses[best.cause] > 0
            answer.in_kind.append(
                self._line("repeated") if repeated else self._reply_to(best.cause)
            )
        self._uses.update(heard.good | heard.bad)
        return signals

    def _answer_questions(self, heard: _Heard, answer: _Answer) -> list[Signal]:
        """A question naming a hidden fact's cue gets the fact, once; asked again, the customer
        says so. A question with an edge of blame or correction gets nothing. Asked what they
        need, the customer names the first want still open."""
        if heard.bad or not heard.asked:
            return []
        asked = [
            fact
            for fact, cues in self._fact_cues
            if any(cue.search(question) for cue in cues for question in heard.asked)
        ]
        new = [fact for fact in asked if fact not in self._revealed]
        signals = [self._signal("fact_asked", -REVEAL_RELIEF)] if new else []
        if new:
            answer.in_kind.clear()  # the answer is the fact, not a remark about being asked
        for fact in new:
            self._revealed.append(fact)
            answer.revealed.append(fact)
            answer.facts.append(self._tell(fact))
        if asked and not new:
            signals.append(self._signal("asked_again", ASKED_AGAIN_PRESSURE))
            answer.pushback.append(self._line("already_told"))
        elif not new and any(_ASKS_WHAT_THEY_NEED.search(question) for question in heard.asked):
            answer.in_kind[:] = [self._open_want() or self._line("calm")]
        return signals

    def _weigh_promises(self, heard: _Heard, answer: _Answer) -> list[Signal]:
        """A promise needs a time and someone to keep it; one that takes back a time given
        earlier (a different time for the same thing, or none) is called out."""
        signals = []
        for sentence in heard.promises:
            time = default_cue_book().time.search(normalise(sentence))
            promise = _Promise(
                sentence, time.group(0).lower() if time else None, content_words(sentence)
            )
            earlier = self._taken_back(promise)
            if earlier is not None:
                signals.append(self._signal("broken_promise", BROKEN_PROMISE_PRESSURE))
                answer.callout.append(
                    self._line("broken_promise", earlier=_quote(earlier.sentence))
                )
            self._promises.append(promise)
        if heard.promises and not heard.has_time:
            signals.append(self._signal("no_time", NO_TIME_PRESSURE))
            answer.about_the_fix.append(self._line("asks_for_time"))
        if _NOBODY_NAMED.search(heard.text) and not _SOMEONE_NAMED.search(heard.text):
            signals.append(self._signal("no_owner", NO_OWNER_PRESSURE))
            answer.about_the_fix.append(self._line("asks_for_owner"))
        return signals

    def _taken_back(self, promise: _Promise) -> _Promise | None:
        for earlier in reversed(self._promises):
            if earlier.time is None or earlier.time == promise.time:
                continue
            shared = promise.words & earlier.words - _TIME_WORDS
            if len(shared) >= MIN_WANT_OVERLAP:
                return earlier
        return None

    def _weigh_resolution(self, text: str, heard: _Heard, answer: _Answer) -> list[Signal]:
        """Accept a specific resolution that answers a want; one that misses everything the
        customer wants is answered with the first want still open. (One with no time has been
        pushed back on already.)"""
        if not heard.good & _RESOLUTIONS or not (
            heard.has_time or "offer_alternatives" in heard.good
        ):
            return []
        offered = content_words(text)
        answered = {
            index
            for index, want in enumerate(self._want_words)
            if len(offered & want) >= min(MIN_WANT_OVERLAP, len(want))
        }
        new = answered - self._wants_met
        self._wants_met |= answered
        if new:
            answer.about_the_fix.append(self._line("accepts"))
            return [self._signal("want_met", -WANT_MET_RELIEF)]
        if answered:
            return []
        answer.about_the_fix.append(self._line("misses_the_point", want=self._open_want() or ""))
        return [self._signal("missed_want", MISSED_WANT_PRESSURE)]

    def _move(self, pressure: float, turn_start: int) -> int:
        """Add to the pressure and let the mood follow by at most MAX_STEP from where it was
        when the turn began (one reply answers every message of a turn); the rest waits.

        Respect first, then remediation: until a resolution has answered one of the customer's
        wants, kind words alone bring the mood no lower than one above the calm threshold.
        """
        self._pressure = max(-PRESSURE_CAP, min(PRESSURE_CAP, self._pressure + pressure))
        step = max(-MAX_STEP, min(MAX_STEP, math.trunc(self._pressure)))
        step = max(
            turn_start - MAX_STEP - self._mood, min(turn_start + MAX_STEP - self._mood, step)
        )
        floor = 0 if self._wants_met else self._scenario.outcome.calm_threshold + 1
        mood = max(min(floor, self._mood), min(10, self._mood + step))
        moved = mood - self._mood
        self._pressure -= moved
        self._mood = mood
        return moved

    def _card_to_play(self, heard: _Heard, moved: int) -> EscalationCard | None:
        """After a message that angered the customer, the first unplayed card whose trigger
        holds (a card without one: when the mood has just risen to the top of the scale)."""
        self._bad_heard.append(heard.bad)
        if moved < 0 or not (heard.bad or moved > 0):
            return None
        top = min(10, max(self._scenario.customer.starting_mood + 1, 9))
        for card in self._scenario.customer.escalation_cards:
            if card in self._cards_played:
                continue
            trigger = card.trigger
            if trigger is None:
                due = moved > 0 and self._mood >= top
            else:
                watched = set(trigger.techniques)
                times = sum(1 for bad in self._bad_heard if bad & watched)
                due = (trigger.mood_at_least is None or self._mood >= trigger.mood_at_least) and (
                    not watched or times >= trigger.times
                )
            if due:
                self._cards_played.append(card)
                return card
        return None

    # ------------------------------------------------------------------------ answering

    def _voice_lines(self, kind: str, technique: str | None = None) -> list[str]:
        for voice in (self._scenario.customer.voice, GENERIC_VOICE):
            lines = voice.replies.get(technique, []) if technique else getattr(voice, kind, [])
            if lines:
                return list(lines)
        return []

    def _line(self, kind: str, **values: str) -> str:
        choices = _REPEATED if kind == "repeated" else self._voice_lines(kind)
        return self._pick(choices).format_map(values)

    def _reply_to(self, technique: str) -> str:
        lines = self._voice_lines("replies", technique)
        return self._pick(lines) if lines else self._mood_line()

    def _mood_line(self) -> str:
        customer, calm = self._scenario.customer, self._scenario.outcome.calm_threshold
        if self._mood <= calm:
            return self._line("calm")
        if self._mood >= 9:
            return self._line("furious")
        return self._line("warming" if self._mood < customer.starting_mood else "angry")

    def _tell(self, fact: HiddenFact) -> str:
        told = fact.says or f"[{fact.fact.strip()}]"
        return f"{self._pick(_REVEAL_LEADS)} {told}" if not fact.says else told

    def _open_want(self) -> str | None:
        customer = self._scenario.customer
        said = customer.voice.wants or [
            f"What I need is this: {want[0].lower()}{want[1:]}." for want in customer.wants
        ]
        open_ = [line for index, line in enumerate(said) if index not in self._wants_met]
        return open_[0] if open_ else None

    def _pick(self, choices: Sequence[str]) -> str:
        """One of the lines, never one already said this round while others are left."""
        fresh = [line for line in choices if line not in self._said] or list(choices)
        line = self._random.choice(fresh)
        self._said.add(line)
        return line

    # ------------------------------------------------------------------------ rating

    def _would_stay(self) -> WouldStay:
        start = self._scenario.customer.starting_mood
        if self._mood <= self._scenario.outcome.calm_threshold and self._wants_met:
            return WouldStay.YES
        if self._mood >= start or self._mood >= 9:
            return WouldStay.NO
        return WouldStay.MAYBE

    def _progress(self) -> float:
        """The share of the way from the starting mood to calm that was covered (negative when
        the customer ended angrier)."""
        start, calm = self._scenario.customer.starting_mood, self._scenario.outcome.calm_threshold
        return (start - self._mood) / max(start - calm, 1)

    def _score(self, question: Question) -> int:
        """Where the round ended sets the level (1 to 4); what bore on this question moves it by
        up to one either way, so the three ratings and "would stay" cannot contradict each
        other: a customer who would stay rates nothing below 3, one who would not nothing
        above 3."""
        level = max(1.0, min(4.0, 2 + 2 * self._progress()))
        on_it = [signal.effect for signal in self._signals if signal.question == question]
        nudge = max(-1.0, min(1.0, -sum(on_it) / 2)) if on_it else -1.0
        return max(1, min(5, math.floor(level + nudge + 0.5)))

    def _reason(self, question: Question) -> str:
        """One line: what bore most on this question, the good first when it was mostly good."""
        effects: defaultdict[str, float] = defaultdict(float)
        for signal in self._signals:
            if signal.question == question:
                effects[signal.cause] += signal.effect
        if not effects:
            return _NOTHING_ON[question]
        calmed = min(effects, key=lambda cause: (effects[cause], cause))
        angered = max(effects, key=lambda cause: (effects[cause], cause))
        good = self._phrase(_CALMED_BY, calmed) if effects[calmed] < 0 else None
        bad = self._phrase(_ANGERED_BY, angered) if effects[angered] > 0 else None
        if good and bad:
            first, then = (good, bad) if sum(effects.values()) < 0 else (bad, good)
            return f"{first} {'But' if first == good else 'Still,'} {then[0].lower()}{then[1:]}"
        return good or bad or _NOTHING_ON[question]

    def _strongest(self, counts: Callable[[float], bool]) -> str:
        """The customer's words for the (up to) two causes that moved them most that way."""
        effects: defaultdict[str, float] = defaultdict(float)
        for signal in self._signals:
            effects[signal.cause] += signal.effect
        moved = sorted(
            (cause for cause, effect in effects.items() if counts(effect)),
            key=lambda cause: (-abs(effects[cause]), cause),
        )
        phrases = _CALMED_BY if counts(-1.0) else _ANGERED_BY
        return " ".join(self._phrase(phrases, cause) for cause in moved[:2])

    def _phrase(self, phrases: dict[str, str], cause: str) -> str:
        if cause in phrases:
            return phrases[cause]
        custom = {item.id: item.label for item in self._scenario.techniques}
        label = custom.get(cause) or SHARED_TECHNIQUES[cause].label
        return f"{label}."


_PROMISES = frozenset({"present_resolution", "overcommunicate", "offer_alternatives"})
_RESOLUTIONS = frozenset({"present_resolution", "offer_alternatives"})


def _quote(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "..."
