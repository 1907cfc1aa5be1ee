"""`manage.py train_detector_model`: train the technique detector's model on the dev split and
write its weights to games/engine/detector_model.json (scikit-learn, a dev dependency; the game
reads the weights in plain Python)."""

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.engine.detector import Detection, detect_techniques
from games.engine.detector_evaluation import (
    Detector,
    LabelledUtterance,
    score_detector,
)
from games.engine.detector_model import (
    MODEL_FILE,
    WORD_PATTERN,
    DetectorModel,
    ModelFile,
    TechniqueWeights,
    VocabularyFile,
    preprocess,
)
from games.management.commands.evaluate_detector import library_scenarios, split_utterances
from scenarios.techniques import SHARED_TECHNIQUES

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

TECHNIQUES = sorted(SHARED_TECHNIQUES)
# Chosen by cross-validation on the dev split (docs/decisions/0300-detector-model.md).
C = 16.0  # inverse regularisation of each technique's logistic regression
THRESHOLD = 0.45  # the model's probability at or above which it reports a technique
VETO = 0.1  # the model's probability under which a shared cue's detection is dropped
WORDS = (1, 2)
CHARACTERS = (2, 6)  # across word boundaries ("char", not "char_wb"): "on us", "so you"
MIN_DOCUMENTS = 2  # an n-gram must occur in at least this many training utterances
SMALLEST_WEIGHT = 0.3  # coefficients smaller than this are left out, to keep the file small


def pipeline() -> "Pipeline":
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    def vectorizer(analyzer: str, ngrams: tuple[int, int]) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=analyzer,
            preprocessor=preprocess,
            token_pattern=WORD_PATTERN if analyzer == "word" else None,
            ngram_range=ngrams,
            min_df=MIN_DOCUMENTS,
            sublinear_tf=True,
        )

    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("word", vectorizer("word", WORDS)),
                        ("char", vectorizer("char", CHARACTERS)),
                    ]
                ),
            ),
            (
                "classify",
                OneVsRestClassifier(
                    LogisticRegression(
                        C=C, solver="liblinear", class_weight="balanced", random_state=0
                    )
                ),
            ),
        ]
    )


def labels(utterances: Sequence[LabelledUtterance]) -> list[list[int]]:
    return [[int(t in utterance.techniques) for t in TECHNIQUES] for utterance in utterances]


def train(utterances: Sequence[LabelledUtterance], threshold: float = THRESHOLD) -> ModelFile:
    """Fit the pipeline on `utterances` and export what it learnt (small weights dropped, also
    from the fitted pipeline, so the file scores exactly as the pipeline does)."""
    fitted = pipeline().fit([u.text for u in utterances], labels(utterances))
    union, classifier = fitted.named_steps["features"], fitted.named_steps["classify"]
    vocabularies = []
    for name, vectorizer in union.transformer_list:
        low, high = vectorizer.ngram_range
        vectorizer.idf_ = vectorizer.idf_.round(4)  # the file's precision, in the pipeline too
        vocabularies.append(
            VocabularyFile(
                kind=name,
                low=low,
                high=high,
                idf={
                    gram: float(vectorizer.idf_[column])
                    for gram, column in sorted(vectorizer.vocabulary_.items())
                },
            )
        )
    names = [
        f"{name}:{gram}"
        for (name, vectorizer) in union.transformer_list
        for gram in sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    ]
    techniques = {}
    for technique, estimator in zip(TECHNIQUES, classifier.estimators_, strict=True):
        if not hasattr(estimator, "coef_"):  # a technique never labelled: constant "no"
            techniques[technique] = TechniqueWeights(intercept=-10.0, weights={})
            continue
        coefficients = estimator.coef_[0]
        coefficients[abs(coefficients) < SMALLEST_WEIGHT] = 0.0
        coefficients[:] = coefficients.round(4)
        estimator.intercept_[:] = estimator.intercept_.round(4)
        techniques[technique] = TechniqueWeights(
            intercept=float(estimator.intercept_[0]),
            weights={
                names[column]: float(weight) for column, weight in enumerate(coefficients) if weight
            },
        )
    return ModelFile(
        about={
            "trained_on": sorted({author_of(u) for u in utterances}),
            "utterances": len(utterances),
            "c": C,
            "words": list(WORDS),
            "characters": list(CHARACTERS),
            "min_documents": MIN_DOCUMENTS,
            "smallest_weight": SMALLEST_WEIGHT,
        },
        threshold=threshold,
        veto=VETO,
        vocabularies=vocabularies,
        techniques=techniques,
    )


def with_model(model: DetectorModel, scenarios: dict[str, Any]) -> Detector:
    """The detector with a given model beside the cues (for cross-validation)."""

    def detect(utterance: LabelledUtterance) -> list[Detection]:
        return detect_techniques(
            utterance.text,
            scenario=scenarios.get(utterance.scenario or ""),
            channel=utterance.channel,
            context=utterance.context,
            model=model,
        )

    return detect


def author_of(utterance: LabelledUtterance) -> str:
    """Who wrote an utterance: an annotator's file prefixes its ids with the author
    ("author_a-001"); the first dev file (d001...) is the previous engineer's."""
    return utterance.id.rsplit("-", 1)[0] if "-" in utterance.id else "first"


# The settings --cross-validate compares: (threshold, veto), the shipped pair among them.
SETTINGS = ((0.4, 0.1), (THRESHOLD, 0.0), (THRESHOLD, VETO), (0.5, 0.1), (THRESHOLD, 0.2))
# Authors no cue was written or tuned for: their folds are the closest dev gets to held out.
UNTUNED = "untuned"
TUNED_ON = frozenset({"author_a", "author_b", "author_c"})


def cross_validate(
    utterances: Sequence[LabelledUtterance], settings: Sequence[tuple[float, float]] = SETTINGS
) -> dict[str, dict[str, float]]:
    """Leave one author out: for each annotator, train on everyone else and score the cues
    alone, and the cues with that model at each (threshold, veto), on the annotator's
    utterances (micro F1), then all annotators pooled and the authors the cues were never tuned
    on pooled (`untuned`). Phrasing the model never saw, as in a real room. (The cues were tuned
    on the first dev file and authors a-c, so their folds flatter the cues; the first dev file
    always trains and is never scored.)"""
    scenarios = library_scenarios()
    no_model = DetectorModel(vocabularies=(), intercepts={}, weights={}, threshold=1.0)
    authors = sorted({author_of(u) for u in utterances} - {"first"})
    found: dict[str, dict[str, list[tuple[str, set[str]]]]] = {}
    for author in authors:
        rest = [u for u in utterances if author_of(u) != author]
        model = train(rest).model()
        for utterance in (u for u in utterances if author_of(u) == author):
            cue_only = {d.technique for d in with_model(no_model, scenarios)(utterance)}
            found.setdefault("cues", {}).setdefault(author, []).append((utterance.id, cue_only))
            for threshold, veto in settings:
                tuned = replace(model, threshold=threshold, veto=veto)
                seen = {d.technique for d in with_model(tuned, scenarios)(utterance)}
                name = f"cues+model@{threshold} veto {veto}"
                found.setdefault(name, {}).setdefault(author, []).append((utterance.id, seen))
    by_id = {utterance.id: utterance for utterance in utterances}
    results: dict[str, dict[str, float]] = {}
    for name, per_author in found.items():
        pooled = [prediction for author in authors for prediction in per_author[author]]
        untuned = [p for a in authors if a not in TUNED_ON for p in per_author[a]]
        for part, predictions in [*per_author.items(), ("pooled", pooled), (UNTUNED, untuned)]:
            ordered = [by_id[id] for id, _ in predictions]
            scores = score_detector(ordered, _replay(dict(predictions)))
            results.setdefault(name, {})[part] = round(scores.micro.f1, 4)
    return results


def _replay(found: dict[str, set[str]]) -> Detector:
    """A detector that answers what was found for each utterance before."""

    def detect(utterance: LabelledUtterance) -> list[Detection]:
        return [
            Detection(technique, str(SHARED_TECHNIQUES[technique].kind), 0, 0, 1.0)
            for technique in found[utterance.id]
        ]

    return detect


class Command(BaseCommand):
    help = (
        "Train the technique detector's model on the dev split (tests/data) and write its "
        "weights to games/engine/detector_model.json. --cross-validate only measures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=MODEL_FILE)
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            dest="measure_only",
            help="Print the leave-one-author-out micro F1 on dev at several thresholds and "
            "vetoes; write nothing.",
        )

    def handle(self, *args: Any, output: Path, measure_only: bool, **options: Any) -> None:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise CommandError(
                "scikit-learn is not installed: it is a dev dependency (pip install -e '.[dev]')"
            ) from None
        dev = split_utterances("dev")
        if measure_only:
            results = cross_validate(dev)
            self.stdout.write(json.dumps(results, indent=2))
            return
        model = train(dev)
        output.write_text(model.model_dump_json(indent=None) + "\n", encoding="utf-8")
        self.stdout.write(
            f"wrote {output} ({output.stat().st_size // 1024} KiB, {len(dev)} utterances)"
        )
