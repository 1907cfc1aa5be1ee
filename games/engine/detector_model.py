"""The technique detector's small model: a linear classifier per technique over word and character
n-grams, trained on the dev split by `manage.py train_detector_model` (scikit-learn) and shipped as
the weights it learnt (detector_model.json). This module scores a message with those weights in
plain Python, exactly as scikit-learn's TfidfVectorizer and LogisticRegression would (a test
checks), so neither the game server nor its worker imports scikit-learn or numpy.

docs/decisions/0300-detector-model.md gives the measurements behind it.
"""

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

MODEL_FILE = Path(__file__).with_name("detector_model.json")
# Words are runs of letters or digits, and a question mark counts as a word: it carries meaning.
WORD_PATTERN = r"(?u)\b\w+\b|\?"
_TOKEN = re.compile(WORD_PATTERN)
_WHITE_SPACES = re.compile(r"\s\s+")
_STRAIGHTEN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def preprocess(text: str) -> str:
    """What both the trainer and the scorer read: lower case, quotes straightened."""
    return text.translate(_STRAIGHTEN).lower()


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's word analyzer (`_word_ngrams`) on WORD_PATTERN's tokens."""
    tokens = _TOKEN.findall(text)
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's `char` analyzer (`_char_ngrams`): n-grams of the whole text, across word
    boundaries, once runs of white space are one space."""
    text = _WHITE_SPACES.sub(" ", text)
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


@dataclass(frozen=True)
class Vocabulary:
    """One TfidfVectorizer's learnt part: each kept n-gram's column and inverse document
    frequency (sublinear term frequency, l2-normalised, as the trainer sets it)."""

    kind: str  # "word" or "char"
    low: int
    high: int
    idf: Mapping[str, float]

    def weights(self, text: str) -> dict[str, float]:
        grams = (word_ngrams if self.kind == "word" else char_ngrams)(text, self.low, self.high)
        counts = Counter(gram for gram in grams if gram in self.idf)
        values = {gram: (1 + math.log(count)) * self.idf[gram] for gram, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in values.values())) or 1.0
        return {gram: value / norm for gram, value in values.items()}


@dataclass(frozen=True)
class DetectorModel:
    vocabularies: tuple[Vocabulary, ...]
    intercepts: Mapping[str, float]
    # For each n-gram (prefixed "word:" or "char:"), the techniques it weighs on and by how much.
    weights: Mapping[str, tuple[tuple[str, float], ...]]
    threshold: float  # a probability at or above this shows the technique
    # Under this probability the model overrides a shared cue: the cue's words are there but
    # the message as a whole reads otherwise (0: the cues always stand).
    veto: float = 0.0

    def decision(self, text: str) -> dict[str, float]:
        """Each technique's linear score (LogisticRegression.decision_function)."""
        scores = dict(self.intercepts)
        prepared = preprocess(text)
        for vocabulary in self.vocabularies:
            for gram, value in vocabulary.weights(prepared).items():
                for technique, weight in self.weights.get(f"{vocabulary.kind}:{gram}", ()):
                    scores[technique] += weight * value
        return scores

    def probabilities(self, text: str) -> dict[str, float]:
        return {
            technique: 1 / (1 + math.exp(-score))
            for technique, score in self.decision(text).items()
        }

    def techniques(self, text: str) -> dict[str, float]:
        """The techniques the model sees in `text`, with their probability."""
        return {
            technique: probability
            for technique, probability in self.probabilities(text).items()
            if probability >= self.threshold
        }


class VocabularyFile(BaseModel):
    kind: Literal["word", "char"]
    low: int
    high: int
    idf: dict[str, float]


class TechniqueWeights(BaseModel):
    intercept: float
    weights: dict[str, float]  # n-gram ("word:..." or "char:...") to coefficient, zeros left out


class ModelFile(BaseModel):
    """detector_model.json as the trainer writes it."""

    about: dict[str, Any]  # what it was trained on, and how it measured
    threshold: float
    veto: float = 0.0
    vocabularies: list[VocabularyFile]
    techniques: dict[str, TechniqueWeights]

    def model(self) -> DetectorModel:
        weights: dict[str, list[tuple[str, float]]] = {}
        for technique, spec in self.techniques.items():
            for feature, weight in spec.weights.items():
                weights.setdefault(feature, []).append((technique, weight))
        return DetectorModel(
            vocabularies=tuple(Vocabulary(v.kind, v.low, v.high, v.idf) for v in self.vocabularies),
            intercepts={technique: spec.intercept for technique, spec in self.techniques.items()},
            weights={feature: tuple(pairs) for feature, pairs in weights.items()},
            threshold=self.threshold,
            veto=self.veto,
        )


@functools.cache
def shipped_model() -> DetectorModel | None:
    """The shipped model, read once per process on first use; None when there is none."""
    if not MODEL_FILE.is_file():
        return None
    return ModelFile.model_validate_json(MODEL_FILE.read_bytes()).model()
