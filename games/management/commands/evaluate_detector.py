"""`manage.py evaluate_detector`: the technique detector's precision, recall and F1 on the labelled
utterances in tests/data. `dev` is what cues and the model were tuned and trained on (the first
dev file and every file in dev/); `test` is held out (the first test file and every file in
heldout/), never looked at while tuning."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from games.engine.detector_evaluation import (
    DetectorScores,
    LabelledDataError,
    LabelledUtterance,
    Score,
    annotator_as_detector,
    detector_for,
    read_annotator_labels,
    read_labelled_utterances,
    score_detector,
)
from scenarios.loader import LIBRARY_DIR, read_scenario_files
from scenarios.schema import Scenario

DATA_DIR = Path(settings.BASE_DIR) / "tests" / "data"
# Each split: its single file of the first format, then a folder of files of either format.
SPLIT_SOURCES = {
    "dev": ("responder_utterances_dev.yaml", "dev"),
    "test": ("responder_utterances_test.yaml", "heldout"),
}
SPLITS = ("dev", "test", "all")


def split_files(split: str, data_dir: Path = DATA_DIR) -> list[Path]:
    parts = SPLIT_SOURCES.values() if split == "all" else [SPLIT_SOURCES[split]]
    return [
        path
        for file_name, folder in parts
        for path in [data_dir / file_name, *sorted((data_dir / folder).glob("*.yaml"))]
        if path.is_file()
    ]


def split_utterances(split: str, data_dir: Path = DATA_DIR) -> list[LabelledUtterance]:
    return [
        utterance
        for path in split_files(split, data_dir)
        for utterance in read_labelled_utterances(path)
    ]


def library_scenarios() -> dict[str, Scenario]:
    """The built-in scenarios by id: the annotators wrote for them."""
    parsed, _ = read_scenario_files([LIBRARY_DIR])
    return {item.scenario.id: item.scenario for item in parsed}


def score_json(score: Score) -> dict[str, object]:
    return {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "support": score.support,
        "true_positives": score.true_positives,
        "false_positives": score.false_positives,
        "false_negatives": score.false_negatives,
    }


def scores_json(split: str, scores: DetectorScores) -> dict[str, object]:
    return {
        "split": split,
        "utterances": scores.utterances,
        "techniques": {score.name: score_json(score) for score in scores.per_technique},
        "micro": score_json(scores.micro),
        "macro": {
            key: value
            for key, value in score_json(scores.macro).items()
            if key in ("precision", "recall", "f1", "support")
        },
        "exact_match": round(scores.exact_match, 4),
    }


def scores_table(split: str, scores: DetectorScores, who: str = "Technique detector") -> str:
    def row(score: Score) -> str:
        return (
            f"{score.name:<20} {score.precision:>9.2f} {score.recall:>6.2f} {score.f1:>6.2f} "
            f"{score.support:>8}"
        )

    exact = round(scores.exact_match * scores.utterances)
    lines = [
        f"{who}, {split} split ({scores.utterances} utterances)",
        "",
        f"{'technique':<20} {'precision':>9} {'recall':>6} {'f1':>6} {'support':>8}",
        *(row(score) for score in scores.per_technique),
        "-" * 53,
        row(scores.micro),
        row(scores.macro),
        "",
        f"exact match: {scores.exact_match:.2f} ({exact} of {scores.utterances} utterances "
        "with exactly the labelled set)",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Score the technique detector on the labelled utterances: precision, recall, F1 and "
        "support per technique, with micro and macro averages. `dev` is the split the cues were "
        "tuned on, `test` the held-out one, `all` both together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--split", choices=SPLITS, default="dev")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON instead of a table."
        )
        parser.add_argument(
            "--annotator",
            type=Path,
            action="append",
            help="Score a second annotator's labels ({id, techniques} files, repeatable) "
            "against the split instead of the detector: only the utterances they labelled.",
        )

    def handle(
        self, *args: Any, split: str, as_json: bool, annotator: list[Path] | None, **options: Any
    ) -> None:
        utterances = split_utterances(split)
        if annotator:
            try:
                labels = {
                    k: v for path in annotator for k, v in read_annotator_labels(path).items()
                }
            except (OSError, LabelledDataError) as error:
                raise CommandError(str(error)) from None
            utterances = [u for u in utterances if u.id in labels]
            detect, who = annotator_as_detector(labels), "A second annotator"
        else:
            detect, who = detector_for(library_scenarios()), "Technique detector"
        scores = score_detector(utterances, detect)
        if as_json:
            self.stdout.write(json.dumps({"who": who, **scores_json(split, scores)}, indent=2))
        else:
            self.stdout.write(scores_table(split, scores, who))
