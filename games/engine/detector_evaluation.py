"""Measuring the technique detector: labelled utterances, how to read them, and precision, recall
and F1 per technique against them (`manage.py evaluate_detector`).

Two file formats are read. The first (tests/data/responder_utterances_*.yaml) is a list of
`{id, text, techniques}`: each utterance read alone, in the room, for no scenario. The second
(the annotators' files, docs/detector.md) adds `scenario`, `channel` (room or huddle) and an
optional `context`: the lines said just before, oldest first. An utterance of the second format
with no context was written to be read with nothing said before it.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from games.engine.detector import ContextLine, Detection, detect_techniques
from scenarios.schema import Scenario
from scenarios.techniques import SHARED_TECHNIQUES

CHANNELS = frozenset({"room", "huddle"})
SPEAKERS = frozenset({"customer", "responder"})


class LabelledDataError(ValueError):
    """A labelled file is malformed; the message names the file, the item and the field."""


@dataclass(frozen=True)
class LabelledUtterance:
    id: str
    text: str
    techniques: frozenset[str]
    scenario: str | None = None
    channel: str = "room"
    context: tuple[ContextLine, ...] | None = None  # None: read alone (the first format)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 for one technique (or an average), with the counts behind them."""

    name: str
    precision: float
    recall: float
    f1: float
    support: int  # how many utterances carry this label
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0


@dataclass(frozen=True)
class DetectorScores:
    utterances: int
    per_technique: tuple[Score, ...]
    micro: Score
    macro: Score
    exact_match: float  # share of utterances whose whole label set was found exactly


Detector = Callable[[LabelledUtterance], Iterable[Detection]]


def read_labelled_utterances(path: Path) -> list[LabelledUtterance]:
    """Read a labelled file of either format; a malformed item is an error naming it."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise LabelledDataError(f"{path.name}: expected a list of labelled utterances")
    return [_utterance(entry, where=f"{path.name} item {n}") for n, entry in enumerate(entries, 1)]


def _utterance(entry: object, *, where: str) -> LabelledUtterance:
    if not isinstance(entry, dict) or not {"id", "text", "techniques"} <= entry.keys():
        raise LabelledDataError(f"{where}: needs id, text and techniques")
    where = f"{where} ({entry['id']})"
    techniques = entry["techniques"] or []
    unknown = sorted(set(map(str, techniques)) - SHARED_TECHNIQUES.keys())
    if unknown:
        raise LabelledDataError(f"{where}: techniques not in the shared vocabulary: {unknown}")
    channel = str(entry.get("channel", "room"))
    if channel not in CHANNELS:
        raise LabelledDataError(f"{where}: channel must be room or huddle, not {channel!r}")
    return LabelledUtterance(
        id=str(entry["id"]),
        text=str(entry["text"]),
        techniques=frozenset(str(technique) for technique in techniques),
        scenario=str(entry["scenario"]) if entry.get("scenario") else None,
        channel=channel,
        context=_context(entry, where=where) if "scenario" in entry else None,
    )


def _context(entry: dict[str, object], *, where: str) -> tuple[ContextLine, ...]:
    lines = entry.get("context") or []
    if not isinstance(lines, list):
        raise LabelledDataError(f"{where}: context must be a list of {{speaker, text}}")
    context = []
    for line in lines:
        if not isinstance(line, dict) or line.get("speaker") not in SPEAKERS or "text" not in line:
            raise LabelledDataError(
                f"{where}: each context line is {{speaker: customer or responder, text}}"
            )
        context.append(ContextLine(str(line["speaker"]), str(line["text"])))
    return tuple(context)


def detector_for(scenarios: Mapping[str, Scenario]) -> Detector:
    """The detector as a game runs it: with the utterance's scenario (when it names one of
    `scenarios`), its channel and its context."""

    def detect(utterance: LabelledUtterance) -> list[Detection]:
        return detect_techniques(
            utterance.text,
            scenario=scenarios.get(utterance.scenario or ""),
            channel=utterance.channel,
            context=utterance.context,
        )

    return detect


def read_annotator_labels(path: Path) -> dict[str, frozenset[str]]:
    """A second annotator's labels, `[{id, techniques}]`, by utterance id; a malformed item is an
    error naming it."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise LabelledDataError(f"{path.name}: expected a list of {{id, techniques}}")
    labels: dict[str, frozenset[str]] = {}
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not {"id", "techniques"} <= entry.keys():
            raise LabelledDataError(f"{path.name} item {n}: needs id and techniques")
        techniques = frozenset(map(str, entry["techniques"] or []))
        unknown = sorted(techniques - SHARED_TECHNIQUES.keys())
        if unknown:
            raise LabelledDataError(
                f"{path.name} item {n} ({entry['id']}): techniques not in the shared vocabulary:"
                f" {unknown}"
            )
        labels[str(entry["id"])] = techniques
    return labels


def annotator_as_detector(labels: Mapping[str, frozenset[str]]) -> Detector:
    """A second annotator scored the way the detector is: their labels are the "detections", so
    the same table tells how far two people agree (the ceiling a detector can be held to)."""

    def detect(utterance: LabelledUtterance) -> list[Detection]:
        if utterance.id not in labels:
            raise LabelledDataError(f"the annotator did not label {utterance.id}")
        return [
            Detection(technique, SHARED_TECHNIQUES[technique].kind.value, 0, len(utterance.text), 1)
            for technique in sorted(labels[utterance.id])
        ]

    return detect


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _score(name: str, true_positives: int, false_positives: int, false_negatives: int) -> Score:
    precision = _ratio(true_positives, true_positives + false_positives)
    recall = _ratio(true_positives, true_positives + false_negatives)
    f1 = _ratio(2 * true_positives, 2 * true_positives + false_positives + false_negatives)
    support = true_positives + false_negatives
    return Score(
        name, precision, recall, f1, support, true_positives, false_positives, false_negatives
    )


def _outcome(technique: str, found: set[str], utterance: LabelledUtterance) -> int:
    """0: a true positive, 1: a false positive, 2: a false negative."""
    if technique in found:
        return 0 if technique in utterance.techniques else 1
    return 2


def score_detector(
    utterances: Sequence[LabelledUtterance], detect: Detector | None = None
) -> DetectorScores:
    """Per-technique and averaged scores over the shared vocabulary; macro averages every
    technique that was labelled or predicted at least once. The default detector reads each
    utterance with its channel and context, for no scenario."""
    detect = detect or detector_for({})
    counts = {technique: [0, 0, 0] for technique in SHARED_TECHNIQUES}
    exact = 0
    for utterance in utterances:
        found = {detection.technique for detection in detect(utterance)} & counts.keys()
        exact += found == utterance.techniques
        for technique in found | utterance.techniques:
            counts.setdefault(technique, [0, 0, 0])[_outcome(technique, found, utterance)] += 1
    per_technique = tuple(_score(technique, *counts[technique]) for technique in counts)
    seen = [score for score in per_technique if sum(counts[score.name])]
    totals = [sum(counts[technique][slot] for technique in counts) for slot in range(3)]
    macro = Score(
        "macro",
        sum(score.precision for score in seen) / len(seen) if seen else 0.0,
        sum(score.recall for score in seen) / len(seen) if seen else 0.0,
        sum(score.f1 for score in seen) / len(seen) if seen else 0.0,
        sum(score.support for score in seen),
    )
    return DetectorScores(
        utterances=len(utterances),
        per_technique=per_technique,
        micro=_score("micro", *totals),
        macro=macro,
        exact_match=_ratio(exact, len(utterances)),
    )
