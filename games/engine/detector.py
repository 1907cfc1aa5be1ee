"""The technique detector: which techniques of the shared vocabulary a responder's message shows.

Plain Python and regular expressions, with a small linear model beside them (detector_model.py,
its weights shipped), no downloads. The cues are data: cues.yaml next
to this module for the shared vocabulary, plus a scenario's own `cues` (custom techniques, rubric
entries, and hidden facts, whose cues in a question count as clarifying). A message is normalised
(quotes and dashes straightened, length kept so spans point into the original), split into
sentences, and every cue is matched sentence by sentence with word-class macros, a negation window,
question detection and time expressions. docs/detector.md explains the method and its accuracy.
"""

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from games.engine.detector_model import DetectorModel, shipped_model
from scenarios.schema import Scenario
from scenarios.techniques import SHARED_TECHNIQUES, TechniqueKind

CUES_FILE = Path(__file__).with_name("cues.yaml")
MIN_CONFIDENCE = 0.5
# How many words before a cue a negator may stand and still negate it ("I'm not saying you're").
NEGATION_WINDOW = 5
CONDITIONS = frozenset(
    {"question", "statement", "time", "anchored", "no_anchor", "specific", "no_time"}
)
FEATURES = frozenset({"shouting"})

# Scenario cues are written by facilitators as plain phrases; these are their weights.
CUSTOM_TECHNIQUE_WEIGHT = 0.8
RUBRIC_CUE_WEIGHT = 0.75
HIDDEN_FACT_QUESTION_WEIGHT = 0.7

_STRAIGHTEN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'"}
    | {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"'}
    | {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-"}
    | {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2026": "."}
)
_MACRO = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_CLAUSE_BOUNDARY = re.compile(r"[,;:!?()\"]|\s-\s")
_WORD = re.compile(r"[A-Za-z']+")
_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|hundred|dozen|every|whole|in full)\b",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"\?[\"')\]\s]*$")


class CueFileError(ValueError):
    """cues.yaml (or a scenario cue) is malformed; the message names the technique and cue."""


@dataclass(frozen=True)
class Detection:
    technique: str  # a technique id
    kind: str  # "good_move" or "anti_pattern"
    start: int
    end: int  # the matching span in the original text
    confidence: float  # 0..1


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str] | None
    weight: float
    negatable: bool = False
    when: frozenset[str] = frozenset()
    feature: str | None = None
    # A scenario author's own cue for a technique: the model may not veto what it finds.
    authored: bool = False

    @property
    def firm(self) -> bool:
        """What this cue finds stands against the model's veto: the scenario's author said so,
        or it held against a negation check (word order, which n-grams barely see: "you're
        wrong" and "you're not wrong" share theirs)."""
        return self.authored or self.negatable


@dataclass(frozen=True)
class TechniqueRules:
    technique: str
    kind: str
    cues: tuple[Cue, ...]
    unless: tuple[re.Pattern[str], ...] = ()
    suppressed_by: frozenset[str] = frozenset()

    # Every pattern cue in one expression (compiled with the rules, not on first use, which
    # would stall a server mid-round): most sentences match none of a technique's cues, and one
    # search says so where trying each cue took most of the detector's time.
    any_pattern: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        patterns = [cue.pattern.pattern for cue in self.cues if cue.pattern is not None]
        combined = "|".join(f"(?:{pattern})" for pattern in patterns)
        object.__setattr__(
            self, "any_pattern", re.compile(combined, re.IGNORECASE) if patterns else None
        )


@dataclass(frozen=True)
class CueBook:
    """Everything compiled from cues.yaml: the macros, the negator, and each technique's rules."""

    macros: Mapping[str, str]
    negator: re.Pattern[str]
    techniques: Mapping[str, TechniqueRules]
    time: re.Pattern[str]
    anchor: re.Pattern[str]
    question_start: re.Pattern[str]

    def compile(self, pattern: str, *, where: str) -> re.Pattern[str]:
        return compile_cue(pattern, self.macros, where=where)


# ---------------------------------------------------------------------------- compiling cues


def expand_macros(pattern: str, macros: Mapping[str, str], *, where: str) -> str:
    """Replace `{name}` by its macro, recursively; a cycle or an unknown name is an error."""

    def expand(text: str, seen: tuple[str, ...]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in macros:
                raise CueFileError(f"{where}: unknown macro {{{name}}}")
            if name in seen:
                raise CueFileError(f"{where}: macro {{{name}}} refers to itself")
            return "(?:" + expand(macros[name], (*seen, name)) + ")"

        return _MACRO.sub(one, text)

    return expand(pattern, ())


def compile_cue(pattern: str, macros: Mapping[str, str], *, where: str) -> re.Pattern[str]:
    """A cue pattern as a regex: macros expanded, spaces as whitespace runs, whole words only."""
    expanded = expand_macros(pattern, macros, where=where)
    # " ?" is an optional space, any other space one or more whitespace characters.
    expanded = expanded.replace(" ?", r"\s*").replace(" ", r"\s+")
    try:
        return re.compile(rf"(?<!\w)(?:{expanded})(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise CueFileError(f"{where}: not a valid pattern ({error}): {pattern}") from None


def _pattern_lines(block: object, *, where: str) -> list[str]:
    if not isinstance(block, str):
        raise CueFileError(f"{where}: `patterns` must be a block of text, one pattern a line")
    lines = (line.strip() for line in block.splitlines())
    return [line for line in lines if line and not line.startswith("# ")]


def _cues(technique: str, entries: object, macros: Mapping[str, str]) -> Iterator[tuple[Cue, ...]]:
    if not isinstance(entries, list) or not entries:
        raise CueFileError(f"{technique}: `cues` must be a non-empty list")
    for number, entry in enumerate(entries, start=1):
        where = f"{technique} cue group {number}"
        if not isinstance(entry, dict):
            raise CueFileError(f"{where}: must be a mapping")
        unknown = set(entry) - {"weight", "negatable", "when", "patterns", "feature"}
        if unknown:
            raise CueFileError(f"{where}: unknown option(s) {sorted(unknown)}")
        weight = float(entry.get("weight", 0))
        when = frozenset(entry.get("when", ()))
        if not 0 < weight <= 1 or not when <= CONDITIONS:
            raise CueFileError(f"{where}: weight must be in (0, 1], when in {sorted(CONDITIONS)}")
        options: dict[str, Any] = {
            "weight": weight,
            "negatable": bool(entry.get("negatable", False)),
            "when": when,
        }
        if "feature" in entry:
            if entry["feature"] not in FEATURES:
                raise CueFileError(f"{where}: unknown feature {entry['feature']!r}")
            yield (Cue(pattern=None, feature=str(entry["feature"]), **options),)
            continue
        yield tuple(
            Cue(pattern=compile_cue(line, macros, where=where), **options)
            for line in _pattern_lines(entry.get("patterns"), where=where)
        )


def _technique_rules(technique: str, spec: object, macros: Mapping[str, str]) -> TechniqueRules:
    if technique not in SHARED_TECHNIQUES:
        raise CueFileError(f"{technique}: not a technique of the shared vocabulary")
    if not isinstance(spec, dict):
        raise CueFileError(f"{technique}: must be a mapping")
    unless = spec.get("unless")
    suppressed_by = frozenset(spec.get("suppressed_by", ()))
    if not suppressed_by <= SHARED_TECHNIQUES.keys():
        raise CueFileError(f"{technique}: suppressed_by names unknown techniques")
    return TechniqueRules(
        technique=technique,
        kind=str(SHARED_TECHNIQUES[technique].kind),
        cues=tuple(cue for group in _cues(technique, spec.get("cues"), macros) for cue in group),
        unless=tuple(
            compile_cue(line, macros, where=f"{technique} unless")
            for line in (_pattern_lines(unless, where=technique) if unless else [])
        ),
        suppressed_by=suppressed_by,
    )


def load_cue_book(path: Path = CUES_FILE) -> CueBook:
    """Read and compile a cue file; every problem raises CueFileError naming where it is."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("macros"), dict)
        or not isinstance(data.get("techniques"), dict)
        or not isinstance(data.get("negator"), str)
    ):
        raise CueFileError(f"{path}: expected a mapping with `negator`, `macros` and `techniques`")
    macros: dict[str, str] = {str(name): str(value) for name, value in data["macros"].items()}
    techniques = {
        str(technique): _technique_rules(str(technique), spec, macros)
        for technique, spec in data["techniques"].items()
    }
    return CueBook(
        macros=macros,
        negator=re.compile(
            "(?:" + expand_macros(str(data["negator"]), macros, where="negator") + ")$",
            re.IGNORECASE,
        ),
        techniques=techniques,
        time=compile_cue("{time}", macros, where="time"),
        anchor=compile_cue("{time}|{event}", macros, where="anchor"),
        question_start=compile_cue(_QUESTION_START, macros, where="question start"),
    )


# Word orders that make a question even without its question mark ("what did the bank say").
_QUESTION_START = (
    "{start}(?:(?:what|which|when|where|who|whom|whose|how|why)(?:'s|'re)? (?:do|does|did|is|are"
    "|was|were|would|could|can|will|has|have|had|should|exactly|many|much|long|often|soon|about"
    "|else|you|your|the|they|it)|(?:do|does|did|is|are|was|were|would|could|can|will|should"
    "|shall) (?:you|your|we|i|it|that|this|there|they|he|she|the|anyone|anybody|someone|somebody))"
)


@functools.cache
def default_cue_book() -> CueBook:
    return load_cue_book(CUES_FILE)


# ---------------------------------------------------------------------------- scenario cues

# In a scenario cue phrase, a gap of up to four words.
GAP = "..."
# (technique, kind, phrases, weight, conditions) for each group of a scenario's cues.
# technique, kind, phrases, weight, conditions, authored (see Cue.authored)
ScenarioCueGroup = tuple[str, str, tuple[str, ...], float, frozenset[str], bool]
ScenarioCueSpec = tuple[ScenarioCueGroup, ...]


def phrase_pattern(phrase: str, macros: Mapping[str, str]) -> str:
    """A facilitator's cue phrase as a cue pattern: words literal (a plural or possessive "s"
    optional), a known `{macro}` kept, `...` for a gap of up to four words."""
    pattern, after_gap = "", False
    for word in phrase.strip().lower().split():
        macro = _MACRO.fullmatch(word)
        if word == GAP:
            # Each gap word brings its own trailing space, so the next word follows directly.
            pattern, after_gap = pattern + r" (?:\S+ ){0,4}?", True
            continue
        if macro and macro.group(1) in macros:
            part = word
        elif word.isalpha() and len(word) > 3:
            part = re.escape(word.removesuffix("s")) + "(?:s|es|'s)?"
        else:
            part = re.escape(word)
        pattern += part if after_gap or not pattern else " " + part
        after_gap = False
    return pattern.strip()


def _scenario_cue_spec(scenario: Scenario) -> ScenarioCueSpec:
    kinds = scenario.technique_kinds()
    spec: list[ScenarioCueGroup] = [
        (
            custom.id,
            str(custom.kind),
            tuple(custom.cues),
            CUSTOM_TECHNIQUE_WEIGHT,
            frozenset(),
            True,
        )
        for custom in scenario.techniques
        if custom.cues
    ]
    for entry in (*scenario.coach.rubric, *scenario.coach.anti_patterns):
        if entry.cues:
            kind = str(kinds.get(entry.technique, TechniqueKind.GOOD_MOVE))
            cues = tuple(entry.cues)
            spec.append((entry.technique, kind, cues, RUBRIC_CUE_WEIGHT, frozenset(), True))
    fact_cues = tuple(cue for fact in scenario.customer.hidden_facts for cue in fact.cues)
    if fact_cues:
        asked = frozenset({"question"})
        good = str(TechniqueKind.GOOD_MOVE)
        # Written for the customer to hear a question about a fact, not as a technique's words:
        # a question with them may be an offer or a checkback, so the model may veto it.
        spec.append(("clarify", good, fact_cues, HIDDEN_FACT_QUESTION_WEIGHT, asked, False))
    return tuple(spec)


@functools.lru_cache(maxsize=64)
def _compile_scenario_cues(spec: ScenarioCueSpec) -> tuple[TechniqueRules, ...]:
    return tuple(
        TechniqueRules(
            technique=technique,
            kind=kind,
            cues=tuple(
                Cue(pattern=compile_phrase(phrase), weight=weight, when=when, authored=authored)
                for phrase in phrases
            ),
        )
        for technique, kind, phrases, weight, when, authored in spec
    )


def scenario_rules(scenario: Scenario) -> tuple[TechniqueRules, ...]:
    return _compile_scenario_cues(_scenario_cue_spec(scenario))


# ---------------------------------------------------------------------------- reading a message


def normalise(text: str) -> str:
    """Straighten quotes and dashes; the result has exactly the original's length and offsets."""
    normalised = text.translate(_STRAIGHTEN)
    assert len(normalised) == len(text)  # every replacement is one character for one
    return normalised


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    original: str
    question: bool
    time: bool
    anchored: bool
    specific: bool


def split_sentences(text: str, original: str, book: CueBook) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            sentences.append(_sentence(offset, stripped, original, book))
        start = boundary.end() if boundary else len(text)
    return sentences


def _sentence(start: int, text: str, original: str, book: CueBook) -> Sentence:
    has_time = bool(book.time.search(text))
    return Sentence(
        start=start,
        end=start + len(text),
        text=text,
        original=original[start : start + len(text)],
        question=bool(_QUESTION_END.search(text) or book.question_start.search(text)),
        time=has_time,
        anchored=has_time or bool(book.anchor.search(text)),
        specific=has_time or bool(_NUMBER.search(text)),
    )


def read_sentences(text: str) -> list[Sentence]:
    """The message's sentences as the detector reads them: questions, concrete times, numbers."""
    return split_sentences(normalise(text), text, default_cue_book())


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A scenario cue phrase (see phrase_pattern) compiled with the shared macros."""
    book = default_cue_book()
    return book.compile(phrase_pattern(phrase, book.macros), where=f"cue {phrase!r}")


def _conditions_hold(when: frozenset[str], sentence: Sentence, message_has_time: bool) -> bool:
    checks = {
        "question": sentence.question,
        "statement": not sentence.question,
        "time": sentence.time,
        "anchored": sentence.anchored,
        "no_anchor": not sentence.anchored,
        "specific": sentence.specific,
        "no_time": not message_has_time,
    }
    return all(checks[condition] for condition in when)


def _negated(sentence: Sentence, match_start: int, book: CueBook) -> bool:
    """A negator among the few words before the match, within its clause."""
    before = sentence.text[:match_start]
    boundaries = list(_CLAUSE_BOUNDARY.finditer(before))
    clause = before[boundaries[-1].end() :] if boundaries else before
    words = clause.split()[-NEGATION_WINDOW:]
    return any(book.negator.match(word.strip(".'\"")) for word in words)


def _shouting(sentence: Sentence) -> Iterator[tuple[int, int]]:
    words = _WORD.findall(sentence.original)
    capitals = [word for word in words if len(word) > 1 and word.isupper()]
    # Three capitalised words could be acronyms (SLA, EORI, CEO); most of a sentence is shouting.
    if len(capitals) >= 3 and len(capitals) >= 0.6 * len(words):
        yield 0, len(sentence.text)


# ---------------------------------------------------------------------------- detecting


@dataclass(frozen=True)
class _Match:
    sentence: int
    start: int
    end: int
    weight: float
    firm: bool = False  # found by a firm cue (Cue.firm)


@dataclass
class _Candidates:
    kind: str
    matches: list[_Match] = field(default_factory=list)


def _cue_spans(cue: Cue, sentence: Sentence) -> Iterator[tuple[int, int]]:
    if cue.feature == "shouting":
        yield from _shouting(sentence)
    elif cue.pattern is not None:
        for match in cue.pattern.finditer(sentence.text):
            if match.end() > match.start():
                yield match.start(), match.end()


def _rule_matches(
    rules: TechniqueRules,
    sentences: Sequence[Sentence],
    message_has_time: bool,
    book: CueBook,
    ruled_out: set[str],
) -> Iterator[_Match]:
    """The technique's cue matches; a technique an `unless` or a negation set aside is added
    to `ruled_out` (the model may not bring it back)."""
    for index, sentence in enumerate(sentences):
        if any(pattern.search(sentence.text) for pattern in rules.unless):
            ruled_out.add(rules.technique)
            continue
        patterns_may_match = rules.any_pattern is not None and bool(
            rules.any_pattern.search(sentence.text)
        )
        for cue in rules.cues:
            if cue.pattern is not None and not patterns_may_match:
                continue
            if not _conditions_hold(cue.when, sentence, message_has_time):
                continue
            for start, end in _cue_spans(cue, sentence):
                if cue.negatable and _negated(sentence, start, book):
                    ruled_out.add(rules.technique)
                    continue
                yield _Match(
                    index, sentence.start + start, sentence.start + end, cue.weight, cue.firm
                )


def _suppress(
    candidates: dict[str, _Candidates], rules: Mapping[str, TechniqueRules]
) -> dict[str, _Candidates]:
    """Drop a technique's matches in sentences where a technique that overrides it matched."""
    sentences_of = {
        technique: {match.sentence for match in found.matches}
        for technique, found in candidates.items()
    }
    kept: dict[str, _Candidates] = {}
    for technique, found in candidates.items():
        overriders = rules[technique].suppressed_by if technique in rules else frozenset()
        blocked = set().union(*(sentences_of.get(other, set()) for other in overriders))
        matches = [match for match in found.matches if match.sentence not in blocked]
        if matches:
            kept[technique] = _Candidates(found.kind, matches)
    return kept


def _confidence(matches: Iterable[_Match]) -> float:
    """The best cue's weight, raised a little by up to two further cues that agree elsewhere in
    the message (two patterns matching the same words are one piece of evidence, not two)."""
    chosen: list[_Match] = []
    for match in sorted(matches, key=lambda match: (-match.weight, match.start)):
        if not any(match.start < other.end and other.start < match.end for other in chosen):
            chosen.append(match)
    confidence = chosen[0].weight
    for match in chosen[1:3]:
        confidence += (1 - confidence) * match.weight * 0.5
    return round(min(confidence, 0.99), 3)


# With no model file shipped, the cues work alone.
_NO_MODEL = DetectorModel(vocabularies=(), intercepts={}, weights={}, threshold=1.0)


def _shipped_model() -> DetectorModel:
    return shipped_model() or _NO_MODEL


@dataclass(frozen=True)
class ContextLine:
    """One line said before the message being read, oldest first."""

    speaker: str  # "customer" or "responder"
    text: str


# Techniques that contradict each other: the model may not add one when the cues found the
# other in the message ("That's our fault, not yours." is owning it, never also defending).
_CONTRADICTIONS = (
    ("own_it", "defend"),
    ("own_it", "blame_colleague"),
    ("acknowledge", "dismiss"),
    ("apologize", "dismiss"),
    # Granting someone their point is not heat: "You're not wrong." (dev, left one author out:
    # no change in micro F1; decision 0320).
    ("acknowledge", "match_emotion"),
)
OPPOSITES: Mapping[str, frozenset[str]] = {
    technique: frozenset(
        other
        for pair in _CONTRADICTIONS
        if technique in pair
        for other in pair
        if other != technique
    )
    for pair in _CONTRADICTIONS
    for technique in pair
}

# In the huddle the customer cannot hear: only talking a colleague or the customer down counts.
HUDDLE_TECHNIQUES = frozenset({"blame_colleague", "dismiss"})
# What counts as something proposed, which a checkback may then ask about.
PROPOSALS = frozenset({"present_resolution", "offer_alternatives", "over_give"})
# Words by which a question points back at something said before it.
_REFERS_BACK = re.compile(r"\b(?:that|this|it|those|these|the plan|the offer)\b", re.IGNORECASE)
# A context line is read at most this far back.
CONTEXT_LINES = 4


def detect_techniques(
    text: str,
    *,
    scenario: Scenario | None = None,
    channel: str = "room",
    context: Sequence[ContextLine] | None = None,
    model: DetectorModel | None = None,
) -> list[Detection]:
    """The techniques `text` shows, one Detection each (its best span), sorted by start.

    With a scenario, its own cues count too: cues on custom techniques and rubric entries, and
    hidden-fact questions (a clarifying question in this scenario). In the huddle only blame and
    dismissal count. With a `context` (the lines said just before, oldest first; an empty one
    means nothing was), a checkback counts only when something was proposed before it; without
    one (None: not known) the message is read alone. Beside the cues, the shipped model (or
    `model`) adds the techniques it sees that no cue found, each spanning the whole message,
    except one the cues set aside ("sorry that you feel that way" is not an apology) or one that
    contradicts what the cues found (OPPOSITES).
    """
    book = default_cue_book()
    model = model or _shipped_model()
    normalised = normalise(text)
    sentences = split_sentences(normalised, text, book)
    ruled_out: set[str] = set()
    firm: set[str] = set()
    found = _detections(sentences, book, scenario, ruled_out, firm)
    probabilities = model.probabilities(text)
    found = {
        technique: detection
        for technique, detection in found.items()
        if technique in firm or probabilities.get(technique, 1.0) >= model.veto
    }
    contradicted = {other for technique in found for other in OPPOSITES.get(technique, ())}
    for technique, probability in probabilities.items():
        if probability < model.threshold or technique in found:
            continue
        if technique not in ruled_out | contradicted:
            kind = str(SHARED_TECHNIQUES[technique].kind)
            found[technique] = Detection(technique, kind, 0, len(text), round(probability, 3))
    if channel == "huddle":
        found = {t: d for t, d in found.items() if t in HUDDLE_TECHNIQUES}
    elif (
        context is not None
        and "checkback" in found
        and not _proposed_before(found["checkback"], found, sentences, context)
    ):
        del found["checkback"]
    return sorted(found.values(), key=lambda detection: (detection.start, detection.technique))


def _detections(
    sentences: Sequence[Sentence],
    book: CueBook,
    scenario: Scenario | None,
    ruled_out: set[str],
    firm: set[str],
) -> dict[str, Detection]:
    """The cues' detections; adds to `ruled_out` what a negation or an `unless` set aside, and
    to `firm` what a firm cue (Cue.firm) found."""
    message_has_time = any(sentence.time for sentence in sentences)
    all_rules = [*book.techniques.values(), *(scenario_rules(scenario) if scenario else ())]
    candidates: dict[str, _Candidates] = {}
    for rules in all_rules:
        for match in _rule_matches(rules, sentences, message_has_time, book, ruled_out):
            candidates.setdefault(rules.technique, _Candidates(rules.kind)).matches.append(match)
            if match.firm:
                firm.add(rules.technique)
    detections = {}
    for technique, found in _suppress(candidates, book.techniques).items():
        confidence = _confidence(found.matches)
        if confidence < MIN_CONFIDENCE:
            continue
        best = min(found.matches, key=lambda match: (-match.weight, match.start, -match.end))
        detections[technique] = Detection(technique, found.kind, best.start, best.end, confidence)
    return detections


def _proposed_before(
    checkback: Detection,
    found: Mapping[str, Detection],
    sentences: Sequence[Sentence],
    context: Sequence[ContextLine],
) -> bool:
    """Something was put to the customer before the checkback: a statement earlier in the same
    message, a question that offers a time or a number itself ("would Thursday at 9 suit you?",
    but not one that points back: "would that get you out of trouble for Friday?"), a
    proposal found earlier in its own sentence, or anything a responder said in the lines just
    before (the question points back at it). Issue 24: requiring the cues to see a proposal in
    the team's line missed most checkbacks (the cues find proposals less often than people
    make them: measured in docs/decisions/0310-detector-context-and-threshold.md)."""
    asking = next(s for s in sentences if s.start <= checkback.start < s.end + 1)
    offers_itself = asking.specific and not _REFERS_BACK.search(asking.text)
    if offers_itself or any(found[t].start < asking.end for t in PROPOSALS if t in found):
        return True
    if any(sentence.end <= asking.start and not sentence.question for sentence in sentences):
        return True
    return any(line.speaker == "responder" for line in context[-CONTEXT_LINES:])
